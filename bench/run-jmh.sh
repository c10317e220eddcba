#!/usr/bin/env bash
# Runs JMH benchmarks of the common module (test sources, *Benchmark classes), on a fresh clone too:
# compiles the test classes (JMH's annotation processor writes the benchmark list) and asks Maven
# for the test class path.
# Usage: bench/run-jmh.sh [JMH options], e.g.
#   bench/run-jmh.sh ConvKernelBenchmark -p kernel=VECTOR
#   bench/run-jmh.sh PostFilterBenchmark -p threads=1,2
#   bench/run-jmh.sh RefinementBenchmark
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl common -am test-compile
cpfile="$PWD/common/target/test-classpath.txt"
mvn -B -q -pl common dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
CP="common/target/test-classes:common/target/classes:$(cat "$cpfile")"
exec java --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main "$@"
