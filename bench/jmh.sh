#!/usr/bin/env bash
# Runs JMH benchmarks that live under MODULE/src/test/java/**/bench.
# usage: bench/jmh.sh MODULE [JMH options and benchmark regex...]
# e.g.   bench/jmh.sh toolchain -f 1 -wi 3 -i 5 -prof gc ThetaForwardBackward
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mod=${1:?usage: bench/jmh.sh MODULE [JMH args]}; shift
./mvnw -B -q -DskipTests -pl "$mod" -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.cp >&2
cp="$mod/target/test-classes:$mod/target/classes:$(cat "$mod/target/jmh.cp")"
exec java -Djava.awt.headless=true -cp "$cp" org.openjdk.jmh.Main "$@"
