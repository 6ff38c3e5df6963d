#!/bin/sh
# Prints one closing line from swift test's XCTest log: "N passed, N failed".
log="$1"
passed=$(grep -cE "^Test Case .* passed" "$log" || true)
failed=$(grep -cE "^Test Case .* failed" "$log" || true)
skipped=$(grep -cE "^Test Case .* skipped" "$log" || true)
echo "tests: $passed passed, $failed failed, $skipped skipped"
