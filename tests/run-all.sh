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

# The Finesse source's tests publish agent states through a real XMPP server: Debian's Prosody, which each test
# starts on its own free ports of 127.0.0.1 (src/lib/server/uccx/emulator/prosody.ts).
if [ ! -x /usr/bin/prosody ]; then
	echo "tests: Debian's prosody is missing; installing it (apt-get install prosody) for the Finesse tests." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq prosody >/dev/null ||
		{ echo "tests: could not install prosody (apt-get install prosody); the Finesse tests need it." >&2; exit 1; }
fi

# The shipped nginx example is checked by Debian's nginx, started by the test on its own ports.
if [ ! -x /usr/sbin/nginx ]; then
	echo "tests: Debian's nginx is missing; installing it (apt-get install nginx) for the reverse-proxy test." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx >/dev/null
fi

# The clock-jump test moves one process's clock only, through Debian's libfaketime (LD_PRELOAD), never the machine's.
if [ ! -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ]; then
	echo "tests: Debian's faketime is missing; installing it (apt-get install faketime) for the clock-jump test." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq faketime >/dev/null
fi

# The UCCX connector's tests read an emulated UCCX database through unixODBC and Debian's PostgreSQL ODBC driver,
# with the npm odbc package built against unixODBC (an optional dependency: `npm ci` skips it when unixODBC's
# headers are missing).
missing=""
[ -f /usr/include/sql.h ] || missing="$missing unixodbc-dev"
odbcinst -q -d 2>/dev/null | grep -q 'PostgreSQL Unicode' || missing="$missing odbc-postgresql"
if [ -n "$missing" ]; then
	echo "tests: installing$missing (apt-get) for the UCCX connector's ODBC tests." >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq unixodbc unixodbc-dev odbc-postgresql >/dev/null
fi
if ! node_modules/.bin/node -e "require('odbc')" >/dev/null 2>&1; then
	echo "tests: building the optional odbc module against unixODBC (npm install --no-save odbc)." >&2
	npm install --no-save --no-audit --no-fund "odbc@$(node -p "require('./package.json').optionalDependencies.odbc")" >/dev/null
fi

echo "== type check"
npm run --silent check
# Built before the integration tests too: some of them start `vigie start` as an operator would.
echo "== build"
npm run --silent build >/dev/null
echo "== unit and integration tests"
npx vitest run
echo "== end-to-end tests (Chromium)"
npm run --silent test:e2e
