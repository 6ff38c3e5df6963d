#!/bin/sh
# Checks the Swift sources against .swift-format (the toolchain's
# swift-format, `swift format`) and that the core module imports no
# Foundation. Prints each violation; exits non-zero when there is any.
# To fix formatting in place: swift format format -i -r Sources Tests
set -u
cd "$(dirname "$0")/.." || exit 2
status=0
swift format lint --strict --parallel -r Sources Tests || status=1
if grep -rn "^import Foundation" Sources/FLS; then
    echo "Sources/FLS (the core) must not import Foundation" >&2
    status=1
fi
exit $status
