SHELL := /bin/bash
# Node 24 from the `node` devDependency comes first, ahead of any system Node.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: cluster-build cluster-up cluster-down test

## cluster-build: build (or reuse from the cache) the local control plane's binaries
cluster-build:
	@test/cluster/build.sh >/dev/null

## cluster-up: start the local control plane, or reuse the running one
cluster-up: cluster-build
	@test/cluster/up.sh

## cluster-down: stop the local control plane's processes
cluster-down:
	@test/cluster/down.sh

## test: unit tests, then the tests against the local control plane
test: cluster-up
	node --test 'test/unit/**/*.test.ts' 'test/e2e/**/*.test.ts'
