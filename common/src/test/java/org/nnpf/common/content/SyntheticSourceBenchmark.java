package org.nnpf.common.content;

import java.util.concurrent.TimeUnit;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to build a synthetic scene and to render one 4:2:0 8-bit frame of it. Run with the
 * command in docs/performance.md (section "Synthetic content").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SyntheticSourceBenchmark {
  @Param({"352x288", "1280x720"})
  public String size;

  private SequenceInfo info;
  private SyntheticSource source;
  private long frame;

  @Setup
  public void setUp() {
    String[] wh = size.split("x");
    info = new SequenceInfo(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 8, ChromaFormat.CF420, 30, 1, 1000);
    source = new SyntheticSource(info, 1);
  }

  /** One frame; successive calls render successive frames. */
  @Benchmark
  public Picture renderFrame() {
    frame = (frame + 1) % 1000;
    return source.frame(frame);
  }

  /** Building the scene (world textures, objects) for a new seed. */
  @Benchmark
  public SyntheticSource buildScene() {
    return new SyntheticSource(info, ++frame);
  }
}
