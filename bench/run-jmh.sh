#!/usr/bin/env bash
# Runs JMH benchmarks of the common module (test sources, *Benchmark classes).
# Usage: bench/run-jmh.sh [JMH options], e.g.
#   bench/run-jmh.sh ConvKernelBenchmark -p kernel=VECTOR
#   bench/run-jmh.sh PostFilterBenchmark -p threads=1,2
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl common -am test-compile
CP="common/target/test-classes:common/target/classes:$(cat common/target/test-classpath.txt)"
exec java --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main "$@"
