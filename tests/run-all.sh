#!/usr/bin/env bash
# The whole test suite, exactly as the README and CI run it: types, unit and integration tests (real
# PostgreSQL and PGlite, the excel-fr exports opened in LibreOffice Calc), then end-to-end tests in Debian's
# Chromium against the built server.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
	echo "tests: Debian's chromium is missing; installing it (apt-get install chromium) for the end-to-end tests." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if [ ! -x /usr/bin/soffice ]; then
	echo "tests: LibreOffice Calc is missing; installing it (apt-get install libreoffice-calc-nogui) to open the" \
		"excel-fr exports as a French spreadsheet does." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

echo "== type check"
npm run --silent check
echo "== unit and integration tests"
npx vitest run
echo "== build"
npm run --silent build >/dev/null
echo "== end-to-end tests (Chromium)"
npm run --silent test:e2e
