"""The jupyter_kernel_test suite, configured for FLS."""

import unittest

import jupyter_kernel_test


class FLSKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "fls"
    language_name = "fls"
    file_extension = ".fls"

    code_hello_world = 'print("hello, world")'

    completion_samples = [
        {"text": "cosi", "matches": {"cosine"}},
        {"text": "train_test_sp", "matches": {"train_test_split"}},
        {"text": "normalize([1.0, 2.0], ax", "matches": {"axis="}},
        {"text": 'load_image("Notebooks/02_ba', "matches": {"Notebooks/02_baseline.fls"}},
    ]

    complete_code_samples = ["1", 'print("hi")', "fn f(x) {\n  x * 2\n}", "x = [1, 2,\n 3]"]
    incomplete_code_samples = ["fn f(x) {", "x = [1, 2,", "y = 1 +", "if true {\n  print(1)"]
    invalid_code_samples = ["x = )", "1 +* 2", "a < b < c"]

    code_generate_error = "undefined_name + 1"

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "6 * 7", "result": "42"},
        {"code": "[1, 2, 3] * 2", "result": "i64[3] [2 4 6]"},
        {"code": "[[1.5, 2.0], [3.0, 4.0]]", "mime": "text/html"},
        {"code": "{person: 3, video: 7}", "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'astype(zeros([8, 8, 3]), "u8")', "mime": "image/png"},
        {"code": "scatter([1.0, 2.0, 3.0], [2.0, 1.0, 3.0])", "mime": "image/png"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "mean_by"


if __name__ == "__main__":
    unittest.main()
