# BEN – Bitburger Engagement Netz. `make run` and `make test` are all a
# newcomer needs; both work on a fresh machine with only Go installed.

GO       ?= go
DATA_DIR ?= pb_data
HTTP     ?= 127.0.0.1:8090
DEV      ?=
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run demo test test-race build lint e2e

## run: start BEN at http://127.0.0.1:8090 (portal /, dashboard /_/); a new data dir gets demo data.
## The log stays quiet (no SQL); DEV=--dev switches on PocketBase's dev mode (SQL without values, automigrate).
## Mails are not sent but kept in $(DATA_DIR)/dev-mails/ (--devMails); their subjects and links are printed.
run:
	@$(GO) build -o bin/ben .
	@if [ ! -f "$(DATA_DIR)/data.db" ]; then ./bin/ben demo --dir "$(DATA_DIR)" --devMails; \
	elif [ -f "$(DATA_DIR)/demo-logins.txt" ]; then cat "$(DATA_DIR)/demo-logins.txt"; fi
	@echo "Mails landen in $(DATA_DIR)/dev-mails/ (nicht versandt)."
	./bin/ben serve $(DEV) --dir "$(DATA_DIR)" --http "$(HTTP)" --publicDir pb_public --hooksDir pb_hooks --devMails

## demo: fill an empty data dir with demo data (refuses a dir that holds data)
demo:
	$(GO) run . demo --dir "$(DATA_DIR)"

## test: every Go test (API rules, hooks, pure rules)
test:
	$(GO) test -count=1 -timeout 30m ./...

## test-race: every Go test under the race detector, as CI runs them (several times the CPU of make test)
test-race:
	$(GO) test -race -count=1 -timeout 60m ./...

## build: one self-contained binary with the portal embedded
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w" -o ben .

## lint: go vet, a gofmt check and staticcheck (a pinned version, fetched by the Go tool)
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) run $(STATICCHECK) ./...

## e2e: portal, calendar feeds and README examples in headless Chromium (needs Node.js 20+ and chromium)
e2e:
	cd e2e && npm ci --no-audit --no-fund && node --test --test-concurrency=1

.PHONY: bench bench-quick soak

## bench: BEN side by side with plain PocketBase at town and stress scale (about 15 minutes on a quiet machine); rewrites docs/PERFORMANCE.md
bench:
	ulimit -n $$(ulimit -Hn) && $(GO) run ./bench/run --go "$(GO)" --out docs/PERFORMANCE.md

## bench-quick: the town scale with short runs, under 2 minutes; writes bin/bench-quick.md
bench-quick:
	ulimit -n $$(ulimit -Hn) && $(GO) run ./bench/run --go "$(GO)" --quick --scales town --warmup 1s --duration 3s --rounds 1 --cold-starts 1 --idle-wait 1s --realtime 10000 --results bin/bench/results-quick.json --out bin/bench-quick.md

## soak: realtime clients connect and drop in rounds (SOAK: 20 rounds of 5,000, then 5 of 10,000) while staff keep writing; fails unless every round is delivered in full and writes answer in under 1 s (p99); writes bin/soak.md
SOAK ?= 20x5000,5x10000
soak:
	ulimit -n $$(ulimit -Hn) && $(GO) run ./bench/run --go "$(GO)" --soak "$(SOAK)"
