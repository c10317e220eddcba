package org.nnpf.common.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command with the encoder's option names, for testing cfg files and the main wrapper. */
@Command(name = "enc", mixinStandardHelpOptions = true, versionProvider = CliSupport.VersionProvider.class,
    description = "Sample command.")
final class SampleCommand implements Callable<Integer> {
  enum Codec { HEVC, AVC }

  enum Structure { RA, LDB, AI }

  @Mixin CfgOptions cfg;
  @Mixin CliSupport.StandardOptions std;

  @Option(names = "-i", required = true) Path input;
  @Option(names = "-b", required = true) Path bitstream;
  @Option(names = "-o") Path recon;
  @Option(names = "-q", required = true) int qp;
  @Option(names = "-wdt") Integer width;
  @Option(names = "-hgt") Integer height;
  @Option(names = "-fr") Double fps;
  @Option(names = "-f") Integer frames;
  @Option(names = "--InputBitDepth") Integer inputBitDepth;
  @Option(names = "--codec") Codec codec = Codec.HEVC;
  @Option(names = "--config") Structure structure = Structure.RA;
  @Option(names = "--carriage") String carriage = "sei";
  @Option(names = "--no-overfit") boolean noOverfit;
  @Option(names = "--no-postfilter") boolean noPostfilter;
  @Option(names = "--threads") int threads = 1;

  @Override
  public Integer call() throws IOException {
    String in = input.getFileName().toString();
    if (in.equals("nnpf-error.yuv")) {
      throw new NnpfException(input + ": wrong geometry");
    }
    if (in.equals("io-error.yuv")) {
      throw new NoSuchFileException(input.toString());
    }
    if (in.equals("bug.yuv")) {
      throw new IllegalStateException("invariant broken");
    }
    if (in.equals("oom.yuv")) {
      throw new OutOfMemoryError("Java heap space");
    }
    if (in.equals("oom-in-worker.yuv")) {
      // as a thread pool reports it: the error wrapped, then wrapped again by the caller
      throw new IllegalStateException(new java.util.concurrent.ExecutionException(new OutOfMemoryError("Java heap space")));
    }
    return 0;
  }
}
