// The LAPACK-backed linear algebra: identities that must hold on random
// matrices (the golden scripts compare digits with numpy on small ones).

import FLS
import XCTest

@testable import FLSKit

final class KitLAPACKTests: XCTestCase {
    let setup = "seed(3)\na = randn([60, 60])\nt = randn([80, 30])\ns = a @ transpose(a)\n"

    func testInverseAndSolveUndoTheProduct() {
        assertShows(setup + "max(abs(inv(a) @ a - eye(60))) < 1e-9", "true")
        assertShows(setup + "b = randn(60)\nmax(abs(a @ solve(a, b) - b)) < 1e-9", "true")
        assertShows(setup + "b = randn([60, 4])\nshape(solve(a, b))", "i64[2] [60  4]")
    }

    func testDeterminantIsMultiplicative() {
        assertShows(setup + "c = randn([60, 60])\nabs(det(a @ c) / (det(a) * det(c)) - 1) < 1e-9", "true")
        assertShows("det([[0.0, 1.0], [1.0, 0.0]])", "-1.0")
    }

    func testEighDecomposesASymmetricMatrix() {
        assertShows(setup + "e = eigh(s)\nmax(abs(s @ e.vectors - e.vectors * e.values)) < 1e-8", "true")
        assertShows(setup + "e = eigh(s)\nall(diff(e.values) >= 0)", "true")
        assertShows(setup + "e = eigh(s)\nmax(abs(transpose(e.vectors) @ e.vectors - eye(60))) < 1e-10", "true")
    }

    func testSvdReconstructsTallAndWideMatrices() {
        assertShows(setup + "r = svd(t)\nmax(abs(r.u @ (reshape(r.s, [30, 1]) * r.vt) - t)) < 1e-10", "true")
        assertShows(
            setup + "r = svd(transpose(t))\nlist(shape(r.u), shape(r.s), shape(r.vt))",
            "list(i64[2] [30 30], i64[1] [30], i64[2] [30 80])")
        assertShows(setup + "all(diff(svd(t).s) <= 0)", "true")
    }

    func testLstsqSatisfiesTheNormalEquations() {
        assertShows(setup + "b = randn(80)\nx = lstsq(t, b)\nmax(abs(transpose(t) @ (t @ x - b))) < 1e-9", "true")
        // Rank-deficient: the minimum-norm solution.
        assertShows("lstsq([[1.0, 1.0], [1.0, 1.0]], [2.0, 2.0])", "f64[2] [1. 1.]")
    }

    func testSinglePrecisionInGivesSinglePrecisionOut() {
        assertShows(
            setup
                + "x = astype(a, \"f32\")\nlist(dtype(inv(x)), dtype(det(x)), dtype(eigh(astype(s, \"f32\")).values), dtype(svd(x).u), dtype(norm(x)))",
            "list(\"f32\", \"f32\", \"f32\", \"f32\", \"f32\")")
        assertShows("dtype(solve(astype([[2, 0], [0, 2]], \"f32\"), [1.0, 1.0]))", "\"f64\"")
        assertShows("dtype(inv([[2, 0], [0, 2]]))", "\"f64\"")
    }

    func testBadMatricesAreClearErrors() {
        assertError("inv([[1.0, 2.0], [2.0, 4.0]])", contains: "Singular matrix")
        assertError("eigh([[1.0, 2.0, 3.0]])", contains: "must be square")
        assertError("svd(zeros([2, 2, 2]))", contains: "must be a 2-d matrix, got shape [2, 2, 2]")
        assertError("lstsq([[1.0, 0.0 / 0.0]], [1.0])", contains: "contains inf or nan")
        assertError("norm([\"a\"])", contains: "must be numeric")
    }
}
