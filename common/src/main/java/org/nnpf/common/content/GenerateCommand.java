package org.nnpf.common.content;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSink;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/generate}: writes a deterministic synthetic test sequence ({@link SyntheticSource})
 * as raw YUV or Y4M.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Writes a deterministic synthetic test sequence (textures, edges, gradients, global and local",
      "motion, noise) as raw YUV (.yuv) or Y4M (.y4m). The same options give the same file.",
      ""
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = {"-o"}, required = true, paramLabel = "OUT", description = "Output file (.yuv or .y4m).")
  Path output;

  @Option(names = "--size", paramLabel = "WxH", defaultValue = "352x288", description = "Picture size (default ${DEFAULT-VALUE}).")
  String size;

  @Option(names = {"-f", "--frames"}, paramLabel = "N", defaultValue = "30", description = "Pictures (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--bit-depth", paramLabel = "N", defaultValue = "8", description = "Bit depth 8..16 (default ${DEFAULT-VALUE}).")
  int bitDepth;

  @Option(names = "--chroma", paramLabel = "420", defaultValue = "420", description = "Chroma format 400, 420, 422, 444 (default ${DEFAULT-VALUE}).")
  String chroma;

  @Option(names = "--fps", paramLabel = "N", defaultValue = "30", description = "Frame rate (default ${DEFAULT-VALUE}).")
  int fps;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin CliSupport.StandardOptions std;

  public static void main(String[] args) {
    CliSupport.main(new GenerateCommand(), args);
  }

  @Override
  public Integer call() throws IOException {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    if (wh.length != 2 || !wh[0].matches("[0-9]{1,5}") || !wh[1].matches("[0-9]{1,5}")) {
      throw new NnpfException("--size: '" + size + "' is not WxH");
    }
    if (frames < 1 || fps < 1) {
      throw new NnpfException("--frames and --fps must be positive");
    }
    SequenceInfo info;
    try {
      info = new SequenceInfo(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), bitDepth,
          ChromaFormat.parse(chroma), fps, 1, frames);
    } catch (IllegalArgumentException e) {
      throw new NnpfException("bad sequence format: " + e.getMessage());
    }
    try (SyntheticSource src = new SyntheticSource(info, seed); PictureSink sink = PictureFiles.create(output, info, 0)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        sink.write(p);
      }
      sink.commit();
    }
    return 0;
  }
}
