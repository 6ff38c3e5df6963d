SHELL := /bin/bash
# Faceless: `make demo` and `make test` work on a fresh Debian machine.
# Each target first installs the Debian packages the build needs (when
# missing), then builds with SwiftPM.

SWIFT ?= swift
APT_PACKAGES = libedit-dev libopenblas-dev liblapacke-dev libturbojpeg0-dev \
	libcairo2-dev zlib1g-dev libsqlite3-dev libcurl4-openssl-dev pkg-config fonts-dejavu-core \
	python3 python3-numpy python3-pil python3-jsonschema tmux \
	libzmq3-dev libssl-dev python3-jupyter-kernel-test python3-nbclient python3-nbformat
# The Jupyter kernel's tests run on Debian's python3, where the packages above install jupyter_client.
JUPYTER_PYTHON ?= /usr/bin/python3
RELEASE_BIN = .build/release/fls
JOBS ?=

.PHONY: demo test bench deps build release stdlib docs clean fuzz

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build $(JOBS)

# The release fls links the Swift runtime and Foundation statically (faster start;
# docs/architecture.md, "Startup"). Debug builds and tests use the shared runtime.
RELEASE_FLAGS = -c release --static-swift-stdlib

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) $(JOBS)

demo: release
	@scripts/demo.sh $(RELEASE_BIN)

test: deps
	$(SWIFT) build $(JOBS)
	FLS_BIN=$(CURDIR)/.build/debug/fls $(SWIFT) test --disable-swift-testing $(JOBS) 2>&1 | tee .build/test.log | grep -vE "^Test Case .*(started|passed)"; \
	  status=$${PIPESTATUS[0]}; \
	  $(JUPYTER_PYTHON) Tests/Jupyter/run_tests.py .build/debug/fls 2>&1 | tee -a .build/test.log | grep -vE "^Test Case .*(started|passed)"; \
	  jupyter=$${PIPESTATUS[0]}; \
	  scripts/summarize-tests.sh .build/test.log; [ $$status -ne 0 ] && exit $$status; exit $$jupyter

bench: release
	Benchmarks/run.sh $(RELEASE_BIN)

# libFuzzer targets for every parser (docs/fuzzing.md); not part of `make test`.
# FUZZ_SECONDS per target; FUZZ_TARGETS to run only some (default: all).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
# FUZZ_CONFIG=release builds an optimised FLSFuzz (for long runs); FUZZ_RUNS=N
# stops each target after N executions (FUZZ_SECONDS then caps the time, 0 = none);
# FUZZ_FORK=J runs each target as J libFuzzer workers.
# FUZZ_SANITIZE=fuzzer builds without AddressSanitizer, in a folder of its
# own: for the targets written in safe Swift only (lexer, parser, markdown),
# whose faults Swift's own checks trap, at several times the executions per
# second (docs/fuzzing.md).
FUZZ_CONFIG ?= debug
FUZZ_RUNS ?= 0
FUZZ_FORK ?= 0
FUZZ_SANITIZE ?= fuzzer,address
FUZZ_BUILD = .build-fuzz$(if $(filter fuzzer,$(FUZZ_SANITIZE)),-plain,)
fuzz: deps
	FLS_FUZZ=1 $(SWIFT) build -c $(FUZZ_CONFIG) --scratch-path $(FUZZ_BUILD) --product FLSFuzz \
	  -Xswiftc -sanitize=$(FUZZ_SANITIZE) -Xswiftc -enable-testing $(JOBS)
	FUZZ_RUNS=$(FUZZ_RUNS) FUZZ_FORK=$(FUZZ_FORK) scripts/fuzz.sh $(FUZZ_BUILD)/$(FUZZ_CONFIG)/FLSFuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

stdlib:
	python3 scripts/embed_stdlib.py

docs: build
	.build/debug/fls help --markdown > docs/primitives.md

clean:
	rm -rf .build .build-fuzz .build-fuzz-plain
