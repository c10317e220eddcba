package org.nnpf.common.nn.bench;

import java.util.concurrent.TimeUnit;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.nn.quant.SimpleQuantizer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 14.76 kMAC/luma-pixel post-filter (C = 32, 8 layers 3x3, int16, 32-bit accumulators) on one
 * 1920x1080 4:2:0 10-bit picture: 30.6 GMAC per picture without halo overlap.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 5, time = 6)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class PostFilterBenchmark {
  @Param({"1", "2"})
  public int threads;

  @Param({"128x64"})
  public String patch;

  @Param({"VECTOR"})
  public String kernel;

  private IntegerInference inference;
  private Picture picture;

  @Setup(Level.Trial)
  public void setup() {
    Model m = ModelFactory.polyphasePostFilter(32, 8, 1);
    ActivationStatistics stats = new ActivationStatistics(m);
    new FloatInference(m).run(TestPictures.natural(256, 128, 10, ChromaFormat.CF420, 1), 32, stats);
    IntegerNetwork net = IntegerNetwork.quantize(m, SimpleQuantizer.quantize(m, stats, BitAllocation.int16()));
    String[] p = patch.split("x");
    inference = new IntegerInference(net, InferenceOptions.defaults()
        .withThreads(threads)
        .withPatch(Integer.parseInt(p[0]), Integer.parseInt(p[1]))
        .withKernel(InferenceOptions.Kernel.valueOf(kernel)));
    picture = TestPictures.natural(1920, 1080, 10, ChromaFormat.CF420, 2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    inference.close();
  }

  @Benchmark
  public Picture filter1080p() {
    return inference.apply(picture, 32);
  }
}
