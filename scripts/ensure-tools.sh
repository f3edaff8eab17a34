#!/usr/bin/env bash
# Installs the binaries the tests need when the machine lacks them, into .tools/bin (ignored):
#  - Terraform: the one on PATH, else built from source (v1.5.7 is the last without replace directives);
#  - OpenTofu 1.6.3, built from source (about 3 minutes on 2 cores; cached afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools/bin
export GOBIN="$PWD/.tools/bin" GOFLAGS=-mod=mod CHECKPOINT_DISABLE=1
if ! command -v terraform >/dev/null 2>&1 && [ ! -x .tools/bin/terraform ]; then
  echo "ensure-tools: building Terraform v1.5.7"
  go install github.com/hashicorp/terraform@v1.5.7
fi
if [ ! -x .tools/bin/tofu ]; then
  echo "ensure-tools: building OpenTofu v1.6.3"
  go install github.com/opentofu/opentofu/cmd/tofu@v1.6.3
fi
# sed reads to the end: head would close the pipe early and, with pipefail, fail the script (SIGPIPE).
PATH="$PWD/.tools/bin:$PATH" terraform version 2>/dev/null | sed -n 1p
.tools/bin/tofu version 2>/dev/null | sed -n 1p
