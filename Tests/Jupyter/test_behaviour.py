"""What users rely on beyond the conformance suite, driven through jupyter_client:
state across cells and errors, interrupts, forged messages, rich outputs,
restarts, and nbclient running a notebook rendered by `fls render`."""

import json
import os
import queue
import subprocess
import time
import unittest

import nbformat
from jupyter_client.manager import KernelManager, start_new_kernel
from jupyter_client.session import Session
from nbclient import NotebookClient

TIMEOUT = 30


class KernelTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="fls", startup_timeout=60)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=TIMEOUT):
        """Executes code; returns the reply content and the iopub messages of the request (busy to idle excluded)."""
        msg_id = self.kc.execute(code)
        reply = self.reply_to(msg_id, timeout)
        return reply["content"], self.outputs_of(msg_id)

    def reply_to(self, msg_id, timeout=TIMEOUT):
        while True:
            reply = self.kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def outputs_of(self, msg_id):
        outputs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    return outputs
                continue
            if msg["msg_type"] != "execute_input":
                outputs.append(msg)

    def result_text(self, code):
        content, outputs = self.run_cell(code)
        self.assertEqual(content["status"], "ok", content)
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, outputs)
        return results[0]


class StateTests(KernelTestCase):
    def test_streams_come_in_order_before_the_result(self):
        content, outputs = self.run_cell('print("one")\nprint("two")\n40 + 2')
        self.assertEqual(content["status"], "ok")
        kinds = [m["msg_type"] for m in outputs]
        self.assertEqual(kinds[-1], "execute_result")
        text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
        self.assertEqual(text, "one\ntwo\n")
        self.assertEqual(outputs[-1]["content"]["data"]["text/plain"], "42")

    def test_variables_survive_an_error(self):
        self.run_cell("kept = 7")
        content, outputs = self.run_cell("kept + missing_name")
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["evalue"], "name 'missing_name' is not defined")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        traceback = "\n".join(errors[0]["content"]["traceback"])
        self.assertIn("missing_name", traceback)
        self.assertIn("^", traceback)  # the caret under the name, as in the terminal
        self.assertEqual(self.result_text("kept * 6"), "42")

    def test_records_fields_and_keywords_complete(self):
        self.run_cell("sample_record = {alpha: 1, beta: 2}")
        msg_id = self.kc.complete("sample_record.al")
        content = self.reply_to(msg_id)["content"]
        self.assertEqual(content["matches"], ["alpha"])
        self.assertEqual((content["cursor_start"], content["cursor_end"]), (14, 16))
        msg_id = self.kc.complete("x = 1\ntop([1.0, 2.0], 1, ax")
        content = self.reply_to(msg_id)["content"]
        self.assertIn("axis=", content["matches"])

    def test_inspect_shows_user_functions_and_variables(self):
        self.run_cell("fn double(x) = x * 2\nnumbers = [1, 2, 3]")
        content = self.reply_to(self.kc.inspect("double(numbers)", 2))["content"]
        self.assertTrue(content["found"])
        self.assertIn("double(x)", content["data"]["text/plain"])
        content = self.reply_to(self.kc.inspect("double(numbers)", 10))["content"]
        self.assertIn("i64[3]", content["data"]["text/plain"])
        content = self.reply_to(self.kc.inspect("no_such_thing", 3))["content"]
        self.assertFalse(content["found"])

    def test_arrays_and_records_have_html(self):
        content, outputs = self.run_cell("[[1, 2], [3, 4]]")
        data = outputs[-1]["content"]["data"]
        self.assertEqual(data["text/plain"], "i64[2,2]\n[[1 2]\n [3 4]]")
        self.assertIn("<table", data["text/html"])
        self.assertIn("<td", data["text/html"])
        content, outputs = self.run_cell('{name: "<b>", n: 1}')
        html = outputs[-1]["content"]["data"]["text/html"]
        self.assertIn("&lt;b&gt;", html)
        self.assertNotIn("<b>", html)

    def test_pictures_are_png_display_data(self):
        content, outputs = self.run_cell('astype(full([64, 64, 3], 200), "u8")')
        self.assertEqual([m["msg_type"] for m in outputs], ["display_data"])
        data = outputs[0]["content"]["data"]
        self.assertTrue(data["image/png"].startswith("iVBORw0KGgo"))  # base64 of the PNG signature
        self.assertEqual(data["text/plain"], "u8[64,64,3] image")


class QuietTests(KernelTestCase):
    def test_silent_cells_publish_nothing_and_do_not_count(self):
        self.run_cell("1")
        msg_id = self.kc.execute('quiet = 5\nprint("not shown")\nquiet', silent=True)
        reply = self.reply_to(msg_id)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.outputs_of(msg_id), [])
        content, _ = self.run_cell("quiet")
        self.assertEqual(content["execution_count"], reply["execution_count"] + 1)

    def test_user_expressions_are_evaluated_after_the_cell(self):
        msg_id = self.kc.execute("base = 20", user_expressions={"double": "base * 2", "broken": "base +"})
        reply = self.reply_to(msg_id)["content"]
        self.outputs_of(msg_id)
        expressions = reply["user_expressions"]
        self.assertEqual(expressions["double"]["status"], "ok")
        self.assertEqual(expressions["double"]["data"]["text/plain"], "40")
        self.assertEqual(expressions["broken"]["status"], "error")


class InterruptTests(KernelTestCase):
    def test_interrupt_stops_a_loop_and_keeps_every_variable(self):
        self.assertEqual(self.result_text("i = 0\nother = 5\ni"), "0")
        msg_id = self.kc.execute("while true { i += 1 }")
        time.sleep(1.5)
        self.km.interrupt_kernel()
        reply = self.reply_to(msg_id, timeout=20)["content"]
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["evalue"], "interrupted")
        self.assertEqual(self.result_text("i > 0"), "true")
        self.assertEqual(self.result_text("other"), "5")

    def test_interrupt_request_on_control(self):
        msg_id = self.kc.execute("j = 0\nwhile true { j += 1 }")
        time.sleep(1)
        request = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(request)
        control_reply = self.kc.get_control_msg(timeout=10)
        self.assertEqual(control_reply["content"]["status"], "ok")
        reply = self.reply_to(msg_id, timeout=20)["content"]
        self.assertEqual(reply["evalue"], "interrupted")
        self.assertEqual(self.result_text("j > 0"), "true")


class SignatureTests(KernelTestCase):
    @classmethod
    def setUpClass(cls):
        # This kernel's stderr goes to a file, to check the log line for dropped messages.
        cls.log_path = os.path.join(os.environ["FLS_TEST_SCRATCH"], "kernel-stderr.log")
        cls.log = open(cls.log_path, "w")
        cls.km = KernelManager(kernel_name="fls")
        cls.km.start_kernel(stderr=cls.log)
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        cls.kc.wait_for_ready(timeout=60)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.log.close()

    def logged(self):
        with open(self.log_path) as f:
            return f.read()

    def test_a_wrongly_signed_message_is_ignored(self):
        self.run_cell("counter = 1")
        forger = Session(key=b"not-the-kernel-key", username=self.kc.session.username)
        forged = forger.msg("execute_request", {
            "code": "counter = 99", "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
        })
        forger.send(self.kc.shell_channel.socket, forged)
        with self.assertRaises(queue.Empty):
            self.kc.get_shell_msg(timeout=2)
        # Nothing was published for it either, and the kernel still answers signed requests.
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                break
            self.assertNotEqual(msg["parent_header"].get("msg_id"), forged["header"]["msg_id"])
        self.assertEqual(self.result_text("counter"), "1")
        self.assertIn("dropped a message on shell: invalid signature", self.logged())

    def test_garbage_frames_do_not_crash_the_kernel(self):
        socket = self.kc.shell_channel.socket
        socket.send_multipart([b"<IDS|MSG>", b"deadbeef", b"{", b"}", b"", b""])
        socket.send_multipart([b"no delimiter at all"])
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.result_text("1 + 1"), "2")
        self.assertIn("no <IDS|MSG> delimiter", self.logged())


class RestartTests(unittest.TestCase):
    def test_restart_gives_a_fresh_session(self):
        km, kc = start_new_kernel(kernel_name="fls", startup_timeout=60)
        try:
            msg_id = kc.execute("before_restart = 1")
            kc.get_shell_msg(timeout=TIMEOUT)
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("before_restart")
            while True:
                reply = kc.get_shell_msg(timeout=TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn("not defined", reply["content"]["evalue"])
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
        self.assertFalse(km.is_alive())


def text_outputs(cell):
    """A cell's stream text (consecutive chunks joined) and results, in order."""
    out = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            if out and out[-1][0] == "stream":
                out[-1] = ("stream", out[-1][1] + output["text"])
            else:
                out.append(("stream", output["text"]))
        elif output["output_type"] == "execute_result":
            out.append(("result", output["data"]["text/plain"]))
        elif output["output_type"] == "display_data":
            out.append(("picture", output["data"].get("text/plain", "")))
        elif output["output_type"] == "error":
            out.append(("error", output["evalue"]))
    return out


class NotebookTests(unittest.TestCase):
    def test_nbclient_reruns_the_rendered_baseline_with_the_same_outputs(self):
        fls = os.environ["FLS_BIN"]
        scratch = os.environ["FLS_TEST_SCRATCH"]
        data = os.path.join(scratch, "baseline-data")
        subprocess.run([fls, "sample-data", data, "--scale", "tiny"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rendered_path = os.path.join(scratch, "02_baseline.ipynb")
        env = dict(os.environ, FLS_DATA=data)
        subprocess.run([fls, "render", "Notebooks/02_baseline.fls", "-o", rendered_path], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rendered = nbformat.read(rendered_path, as_version=4)
        expected = [text_outputs(c) for c in rendered.cells if c.cell_type == "code"]
        self.assertTrue(any(expected), "fls render produced no outputs")

        notebook = nbformat.read(rendered_path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        old = os.environ.get("FLS_DATA")
        os.environ["FLS_DATA"] = data
        try:
            NotebookClient(notebook, timeout=120, kernel_name="fls",
                           resources={"metadata": {"path": os.getcwd()}}).execute()
        finally:
            if old is None:
                del os.environ["FLS_DATA"]
            else:
                os.environ["FLS_DATA"] = old
        actual = [text_outputs(c) for c in notebook.cells if c.cell_type == "code"]
        self.assertEqual(actual, expected)
        self.assertGreater(sum(len(outputs) for outputs in expected), 5)
        everything = json.dumps(actual)
        self.assertIn("top 1 accuracy", everything)
        self.assertIn("mean score:", everything)


if __name__ == "__main__":
    unittest.main()


class OrphanTests(unittest.TestCase):
    def test_the_kernel_leaves_when_its_parent_dies(self):
        from jupyter_client.connect import write_connection_file

        scratch = os.environ["FLS_TEST_SCRATCH"]
        connection, _ = write_connection_file(os.path.join(scratch, "orphan.json"), key=b"orphan-key")
        pid_file = os.path.join(scratch, "orphan.pid")
        # The shell starts the kernel, waits a little and exits: the kernel is orphaned.
        subprocess.run(["sh", "-c", f'"{os.environ["FLS_BIN"]}" kernel -f "{connection}" 2>/dev/null & echo $! > "{pid_file}"; sleep 2'],
                       check=True)
        with open(pid_file) as f:
            pid = int(f.read())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(pid, 9)
        self.fail("the orphaned kernel kept running")
