SHELL := /bin/bash
# Node 24 from the `node` devDependency comes first, ahead of any system Node.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: help deps system-packages cluster-build cluster-up cluster-down demo demo-down \
	test test-unit build typecheck lint generate chart image

## help: list the targets
help:
	@grep -E '^## ' Makefile | sed 's/^## /  /'

# npm ci again whenever the lockfile changes.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## deps: install the npm packages (Node 24 among them) from the lockfile
deps: node_modules/.package-lock.json

## system-packages: install the Debian packages the tests use (nginx, Lua, JDK, Maven, Prometheus)
system-packages:
	@scripts/install-system-packages.sh

## cluster-build: build (or reuse from the cache) the local control plane's binaries
cluster-build:
	@test/cluster/build.sh >/dev/null

## cluster-up: start the local control plane, or reuse the running one
cluster-up: cluster-build
	@test/cluster/up.sh

## cluster-down: stop the local control plane's processes
cluster-down:
	@test/cluster/down.sh

## demo: start the local control plane and the operator, and deploy examples/basic.yaml
demo: deps cluster-up
	@scripts/demo.sh

## demo-down: stop the demo operator and the local control plane
demo-down:
	@scripts/demo-down.sh
	@test/cluster/down.sh

## test: unit tests, then the tests against the local control plane
# The end-to-end files share one cluster and some change cluster-wide state (node labels, CRDs),
# so they run one at a time.
test: deps system-packages cluster-up
	node --test 'test/unit/**/*.test.ts'
	node --test --test-concurrency=1 'test/e2e/**/*.test.ts'

## test-unit: only the tests that need no cluster
test-unit: deps
	node --test 'test/unit/**/*.test.ts'

## build: compile src/ to dist/ (the image runs the compiled JavaScript)
build: deps
	tsc -p tsconfig.build.json

## typecheck: type-check without writing files
typecheck: deps
	tsc -p tsconfig.json --noEmit

## lint: ESLint and Prettier
lint: deps
	eslint src test scripts
	prettier --check .

## generate: regenerate the CRD from its schema source, and the chart's copy of it
generate: deps
	node scripts/generate-crds.ts
	node scripts/generate-install.ts crds

## chart: lint and render the Helm chart, then regenerate deploy/ from it
chart: deps cluster-build
	"$$(test/cluster/bin-dir)/helm" lint --strict charts/gdpr-jitsi-operator
	"$$(test/cluster/bin-dir)/helm" template gdpr-jitsi-operator charts/gdpr-jitsi-operator \
		--namespace gdpr-jitsi-system >/dev/null
	node scripts/generate-install.ts all

IMAGE ?= ghcr.io/gdpr-jitsi/operator
OPERATOR_VERSION = $(shell node -p "require('./package.json').version")

## image: build the image with docker or podman; without either, replay its layout in a test
image: deps
	@if command -v docker >/dev/null && docker info >/dev/null 2>&1; then \
		docker build --build-arg VERSION=$(OPERATOR_VERSION) -t $(IMAGE):$(OPERATOR_VERSION) .; \
	elif command -v podman >/dev/null && podman info >/dev/null 2>&1; then \
		podman build --build-arg VERSION=$(OPERATOR_VERSION) -t $(IMAGE):$(OPERATOR_VERSION) .; \
	else \
		echo "No container engine with a running daemon here (docker or podman), so no image is built."; \
		echo "Replaying the Dockerfile's file system layout and running the CLI from it instead."; \
		node --test test/unit/image/layout.test.ts; \
	fi
