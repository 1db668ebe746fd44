# babylm — the targets a person reaches for. CI runs `bash .ci/run`, which calls `make test`.
#   make build      build everything (Release), no warnings allowed
#   make test       install what the tests need (apt, as root), build, run every test
#   make test-fast  the unit tests only (skips the slow end-to-end ones)
#   make demo       run the built-in curriculum comparison and write its report
#   make notebooks  execute analysis/notebooks/*.ipynb headless on the .NET kernel (SWEEP=runs/demo BENCH=runs/bench/bench.jsonl)
#   make jupyter-kernel  register the .NET (C#) kernel of .tools/ with your own Jupyter (for `jupyter notebook`)
#   make bench      run every benchmark side by side with its baseline
#   make gpu-check  on a machine with an NVIDIA GPU: the CUDA kernels through the real driver, and their bench
#   make format     apply .editorconfig formatting
#   make clean      remove build outputs

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CONFIG ?= Release
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
BABYLM := $(DOTNET) cli/bin/$(CONFIG)/net10.0/babylm.dll
TEST_LOGGER := --logger "console;verbosity=normal"

.PHONY: all setup build test test-fast test-unit test-kernels-narrow test-native gpu-check demo bench notebooks jupyter-kernel format clean

all: build

# Debian packages the tests and benchmarks use (jupyter-nbconvert among them: the notebook tests execute
# analysis/notebooks), and the .NET Jupyter kernel in .tools/. As root the packages are installed when
# missing; otherwise the missing ones are named and the target fails.
setup:
	@bash .ci/setup.sh test

build:
	$(DOTNET) build BabyLm.sln -c $(CONFIG) -warnaserror -nologo -clp:NoSummary

test: setup build test-unit test-kernels-narrow test-native
	@echo "make test: all passed"

# With a local one-node Slurm cluster up for the Slurm tests (started as root, stopped afterwards).
test-unit:
	bash experiments/Sweeps/slurm/with-local-cluster.sh $(DOTNET) test BabyLm.sln -c $(CONFIG) --no-build $(TEST_LOGGER)

# The kernel tests again with the wide SIMD paths switched off, so the narrow ones run here too.
test-kernels-narrow:
	for env in DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0; do \
	  echo "== kernel tests with $$env"; \
	  env $$env $(DOTNET) test tests/BabyLm.Engine.Tests -c $(CONFIG) --no-build \
	    --filter "Category=Kernels" $(TEST_LOGGER); \
	done

# Native (C++) checks that are not xunit tests: the CUDA attention kernel on the CPU emulation of the
# grid against a float64 reference, under ThreadSanitizer, and the mutation check (experiments/Engine/Cuda/harness).
test-native:
	$(MAKE) -C experiments/Engine/Cuda/harness

# The only checks that need an NVIDIA GPU and its driver (no CUDA toolkit): the driver's JIT compiles the
# PTX, the kernels are held to the C# kernel on the GPU, then timed against it (experiments/Engine/Cuda/README.md).
gpu-check: build
	BABYLM_GPU_CHECK=1 $(DOTNET) test tests/BabyLm.Engine.Tests -c $(CONFIG) --no-build --filter "Category=Gpu" \
	  --logger "console;verbosity=detailed"
	$(BABYLM) bench attention --device cuda

test-fast: build
	$(DOTNET) test BabyLm.sln -c $(CONFIG) --no-build --filter "Category!=Slow" $(TEST_LOGGER)

demo: build
	$(BABYLM) demo

# The notebooks, executed headless (nbconvert + the .NET kernel, both installed by .ci/setup.sh) on your
# sweep and bench run; the executed copies, outputs included, go beside the data. BY, BASELINE and SUITE
# choose the comparison (the demo's: name vs random).
SWEEP ?= runs/demo
BENCH ?= runs/bench/bench.jsonl
BY ?= name
BASELINE ?= random
SUITE ?=
notebooks: build
	@bash .ci/setup.sh notebooks
	@test -d "$(SWEEP)" || { echo "error: no sweep at SWEEP=$(SWEEP)"; echo "hint: make demo writes runs/demo; or pass SWEEP=runs/<sweep> BY=<key> BASELINE=<value>"; exit 2; }
	@test -f "$(BENCH)" || { echo "error: no bench results at BENCH=$(BENCH)"; echo "hint: mkdir -p runs/bench && $(BABYLM) bench all --json > runs/bench/bench.jsonl (or: bench report --quick --json); or pass BENCH=<file>"; exit 2; }
	BABYLM_SWEEP="$(abspath $(SWEEP))" BABYLM_BY="$(BY)" BABYLM_BASELINE="$(BASELINE)" BABYLM_SUITE="$(SUITE)" \
	  bash analysis/notebooks/execute.sh "$(abspath $(SWEEP))/notebooks" analysis/notebooks/curricula.ipynb analysis/notebooks/phenomena.ipynb
	BABYLM_BENCH="$(abspath $(BENCH))" bash analysis/notebooks/execute.sh "$(abspath $(dir $(BENCH)))/notebooks" analysis/notebooks/bench.ipynb

# For Jupyter users: installs this checkout's .NET (C#) kernel spec into your Jupyter (--user).
jupyter-kernel:
	@bash .ci/setup.sh notebooks
	bash analysis/notebooks/execute.sh --install-kernel

bench:
	@bash .ci/setup.sh bench
	$(DOTNET) build BabyLm.sln -c Release -warnaserror -nologo -clp:NoSummary
	$(DOTNET) $(CURDIR)/cli/bin/Release/net10.0/babylm.dll bench all
	$(DOTNET) run -c Release --no-build --project tests/BabyLm.Benchmarks -- --filter '*'

format:
	$(DOTNET) format BabyLm.sln

clean:
	$(DOTNET) clean BabyLm.sln -c $(CONFIG) -nologo -v q || true
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
