#!/usr/bin/env bash
# Runs the JMH benchmarks of the common module (src/test/java/**/bench/*Benchmark.java).
# Usage: bench/run-jmh.sh [JMH options, e.g. a benchmark regex such as ConvKernelBenchmark -p kernel=vector]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl common -am test-compile -DskipTests
CP_FILE=common/target/jmh.classpath
mvn -B -q -o -pl common dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$CP_FILE" >/dev/null
CP="common/target/test-classes:common/target/classes:$(cat "$CP_FILE")"
exec java --add-modules jdk.incubator.vector -cp "$CP" org.openjdk.jmh.Main "$@"
