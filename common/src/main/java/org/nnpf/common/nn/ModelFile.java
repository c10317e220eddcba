package org.nnpf.common.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import org.nnpf.common.NnpfException;

/**
 * Reads and writes the model file format of docs/model-format.md: magic {@code "NNPM"}, version,
 * input layout and flags, name, layer list with float32 parameters, CRC-32. Big-endian.
 *
 * <p>The reader checks every field before it allocates anything sized by it, and reports a bad
 * file with an {@link NnpfException} that names the source, the syntax element and its byte
 * offset. The bytes are self-contained, so the bitstream can carry them in-band as they are.
 */
public final class ModelFile {
  /** {@code "NNPM"}. */
  public static final int MAGIC = 0x4E4E504D;
  /** Format version of a model with one hypothesis. */
  public static final int VERSION = 1;
  /** Format version of a model with several hypotheses (adds {@code num_hypotheses}). */
  public static final int VERSION_HYPOTHESES = 2;
  /** Largest model file accepted by {@link #read(Path)}. */
  public static final long MAX_FILE_BYTES = 1L << 30;

  static final int LAYER_CONV2D = 1;
  private static final int FLAG_QP_PLANE = 1;
  private static final int FLAG_DIRECT_OUTPUT = 2;
  private static final int CONV_FLAG_BIAS = 1;
  private static final int CONV_FLAG_MULTIPLIERS = 2;

  private ModelFile() {}

  /** The file bytes of {@code model}. */
  public static byte[] toBytes(Model model) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      out.writeInt(MAGIC);
      out.writeShort(model.hypotheses() > 1 ? VERSION_HYPOTHESES : VERSION);
      out.writeByte(model.layout().code());
      out.writeByte((model.hasQpPlane() ? FLAG_QP_PLANE : 0)
          | (model.outputMode() == OutputMode.DIRECT ? FLAG_DIRECT_OUTPUT : 0));
      out.writeByte(model.qpLog2Scale());
      if (model.hypotheses() > 1) {
        out.writeByte(model.hypotheses());
      }
      byte[] name = model.name().getBytes(StandardCharsets.UTF_8);
      out.writeByte(name.length);
      out.write(name);
      out.writeShort(model.layerCount());
      for (Layer l : model.layers()) {
        Conv2d c = (Conv2d) l;
        out.writeByte(LAYER_CONV2D);
        out.writeByte(c.kernelSize());
        out.writeShort(c.inChannels());
        out.writeShort(c.outChannels());
        out.writeByte((c.hasBias() ? CONV_FLAG_BIAS : 0) | (c.hasMultipliers() ? CONV_FLAG_MULTIPLIERS : 0));
        out.writeByte(c.activation().kind().code());
        writeFloats(out, c.weights());
        if (c.hasBias()) {
          writeFloats(out, c.bias());
        }
        if (c.hasMultipliers()) {
          writeFloats(out, c.multipliers().orElseThrow());
        }
        writeFloats(out, c.activation().slopes());
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bos.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    for (float f : v) {
      out.writeFloat(f);
    }
  }

  /** Writes {@code model} to {@code path} atomically (temporary file, then move). */
  public static void write(Model model, Path path) {
    byte[] bytes = toBytes(model);
    Path dir = path.toAbsolutePath().getParent();
    try {
      Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot write model file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Reads a model file. */
  public static Model read(Path path) {
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new NnpfException("cannot read model file " + path + ": " + e.getMessage(), e);
    }
    if (size > MAX_FILE_BYTES) {
      throw new NnpfException("model file " + path + " has " + size + " bytes, more than the limit " + MAX_FILE_BYTES);
    }
    try {
      return fromBytes(Files.readAllBytes(path), "model file " + path);
    } catch (IOException e) {
      throw new NnpfException("cannot read model file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses model file bytes. {@code source} names them in error messages (e.g. "model file
   * x.nnpm" or "NNPFC payload of SEI #3").
   */
  public static Model fromBytes(byte[] bytes, String source) {
    FieldReader r = new FieldReader(bytes, source);
    r.expect(r.u32("magic") == (MAGIC & 0xFFFFFFFFL), "magic", "is not \"NNPM\"");
    int version = r.u16("format_version");
    r.expect(version == VERSION || version == VERSION_HYPOTHESES, "format_version",
        "= " + version + ", this reader knows versions " + VERSION + " and " + VERSION_HYPOTHESES);
    int layoutCode = r.u8("input_layout");
    TensorLayout layout = TensorLayout.fromCode(layoutCode);
    r.expect(layout != null, "input_layout", "= " + layoutCode + " is unknown (1 = 4:2:0 polyphase)");
    int flags = r.u8("flags");
    r.expect((flags & ~(FLAG_QP_PLANE | FLAG_DIRECT_OUTPUT)) == 0, "flags", "= " + flags + " has reserved bits set");
    int qpScale = r.u8("qp_log2_scale");
    boolean qpPlane = (flags & FLAG_QP_PLANE) != 0;
    r.expect(qpPlane ? qpScale <= 15 : qpScale == 0, "qp_log2_scale",
        "= " + qpScale + (qpPlane ? " is not in 0..15" : " must be 0 without a QP plane"));
    int hypotheses = 1;
    if (version == VERSION_HYPOTHESES) {
      hypotheses = r.u8("num_hypotheses");
      // version 2 with one hypothesis would be a second byte string for a version-1 model
      r.expect(hypotheses >= 2 && hypotheses <= Model.MAX_HYPOTHESES, "num_hypotheses",
          "= " + hypotheses + " is not in 2.." + Model.MAX_HYPOTHESES);
    }
    int nameLength = r.u8("name_length");
    String name = r.utf8(nameLength, "name");
    Model.Builder mb = Model.builder(layout).name(name)
        .outputMode((flags & FLAG_DIRECT_OUTPUT) != 0 ? OutputMode.DIRECT : OutputMode.RESIDUAL);
    mb.hypotheses(hypotheses);
    if (qpPlane) {
      mb.qpPlane(qpScale);
    } else {
      mb.noQpPlane();
    }
    int layerCount = r.u16("layer_count");
    r.expect(layerCount >= 1 && layerCount <= Model.MAX_LAYERS, "layer_count",
        "= " + layerCount + " is not in 1.." + Model.MAX_LAYERS);
    int channels = layout.pictureChannels() + (qpPlane ? 1 : 0);
    for (int i = 0; i < layerCount; i++) {
      String p = "layer[" + i + "].";
      int type = r.u8(p + "layer_type");
      r.expect(type == LAYER_CONV2D, p + "layer_type", "= " + type + " is unknown (1 = conv2d)");
      int k = r.u8(p + "kernel_size");
      r.expect(k >= 1 && k <= Conv2d.MAX_KERNEL && (k & 1) == 1, p + "kernel_size",
          "= " + k + " is not odd in 1.." + Conv2d.MAX_KERNEL);
      int cin = r.u16(p + "in_channels");
      r.expect(cin == channels, p + "in_channels", "= " + cin + ", the previous tensor has " + channels + " channels");
      int cout = r.u16(p + "out_channels");
      r.expect(cout >= 1 && cout <= Conv2d.MAX_CHANNELS, p + "out_channels",
          "= " + cout + " is not in 1.." + Conv2d.MAX_CHANNELS);
      int cflags = r.u8(p + "conv_flags");
      r.expect((cflags & ~(CONV_FLAG_BIAS | CONV_FLAG_MULTIPLIERS)) == 0, p + "conv_flags",
          "= " + cflags + " has reserved bits set");
      int actCode = r.u8(p + "activation");
      Activation.Kind kind = Activation.Kind.fromCode(actCode);
      r.expect(kind != null, p + "activation", "= " + actCode + " is unknown (0 none, 1 ReLU, 2 LeakyReLU, 3 PReLU)");
      long weightCount = (long) cout * cin * k * k;
      int slopeCount = kind == Activation.Kind.LEAKY_RELU ? 1 : kind == Activation.Kind.PRELU ? cout : 0;
      long floats = weightCount
          + ((cflags & CONV_FLAG_BIAS) != 0 ? cout : 0)
          + ((cflags & CONV_FLAG_MULTIPLIERS) != 0 ? cout : 0)
          + slopeCount;
      r.need(floats * 4 + 4, p + "weights", floats + " float32 parameters and the CRC");
      Conv2d.Builder cb = Conv2d.builder(k, cin, cout);
      cb.weights(r.floats((int) weightCount, p + "weights"));
      if ((cflags & CONV_FLAG_BIAS) != 0) {
        cb.bias(r.floats(cout, p + "bias"));
      }
      if ((cflags & CONV_FLAG_MULTIPLIERS) != 0) {
        cb.multipliers(r.floats(cout, p + "multipliers"));
      }
      cb.activation(Activation.of(kind, r.floats(slopeCount, p + "slopes")));
      mb.add(cb.build());
      channels = cout;
    }
    int outChannels = layout.pictureChannels() * hypotheses;
    r.expect(channels == outChannels, "layer[" + (layerCount - 1) + "].out_channels",
        "= " + channels + ", the output tensor of layout " + layout + " has " + outChannels
            + (hypotheses > 1 ? " (" + hypotheses + " hypotheses)" : ""));
    int crcOffset = r.offset();
    long stored = r.u32("crc32");
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, crcOffset);
    if (crc.getValue() != stored) {
      throw r.error(crcOffset, "crc32", String.format("= %08x does not match the content (%08x)", stored, crc.getValue()));
    }
    if (r.offset() != bytes.length) {
      throw r.error(r.offset(), "end of file", (bytes.length - r.offset()) + " bytes follow the CRC");
    }
    return mb.build();
  }
}
