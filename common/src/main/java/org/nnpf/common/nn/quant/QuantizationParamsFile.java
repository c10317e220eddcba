package org.nnpf.common.nn.quant;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.FieldReader;

/**
 * Reads and writes {@link QuantizationParams} in the compact byte format of
 * docs/model-format.md, section 3 (magic {@code "NNPQ"}). Big-endian; errors name the field and
 * its byte offset.
 */
public final class QuantizationParamsFile {
  /** {@code "NNPQ"}. */
  public static final int MAGIC = 0x4E4E5051;
  public static final int VERSION = 1;
  private static final int FLAG_EXPLICIT_MULTIPLIERS = 1;
  private static final int FLAG_EXPLICIT_BIASES = 2;

  private QuantizationParamsFile() {}

  public static byte[] toBytes(QuantizationParams p) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bos)) {
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeShort(p.layerCount());
      out.writeByte(p.input().bits());
      out.writeByte(p.input().fracBits());
      for (LayerQuantization q : p.layers()) {
        out.writeByte(q.weights().bits());
        out.writeByte(q.weights().fracBits());
        out.writeByte(q.accumulatorBits());
        out.writeByte(q.multiplierFracBits());
        out.writeByte(q.slopeFracBits());
        out.writeByte(q.output().bits());
        out.writeByte(q.output().fracBits());
        out.writeByte((q.hasExplicitMultipliers() ? FLAG_EXPLICIT_MULTIPLIERS : 0)
            | (q.hasExplicitBiases() ? FLAG_EXPLICIT_BIASES : 0));
        if (q.hasExplicitMultipliers()) {
          int[] m = q.multipliers().orElseThrow();
          out.writeShort(m.length);
          for (int v : m) {
            out.writeShort(v);
          }
        }
        if (q.hasExplicitBiases()) {
          int[] b = q.biases().orElseThrow();
          out.writeShort(b.length);
          for (int v : b) {
            out.writeInt(v);
          }
        }
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

  /** Writes atomically (temporary file in the same directory, then move). */
  public static void write(QuantizationParams p, Path path) {
    try {
      Path tmp = Files.createTempFile(path.toAbsolutePath().getParent(), path.getFileName().toString(), ".tmp");
      try {
        Files.write(tmp, toBytes(p));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot write quantization parameter file " + path + ": " + e.getMessage(), e);
    }
  }

  public static QuantizationParams read(Path path) {
    try {
      if (Files.size(path) > (1 << 24)) {
        throw new NnpfException("quantization parameter file " + path + " is larger than 16 MiB");
      }
      return fromBytes(Files.readAllBytes(path), "quantization parameter file " + path);
    } catch (IOException e) {
      throw new NnpfException("cannot read quantization parameter file " + path + ": " + e.getMessage(), e);
    }
  }

  /** Parses the bytes; {@code source} names them in error messages. */
  public static QuantizationParams fromBytes(byte[] bytes, String source) {
    FieldReader r = new FieldReader(bytes, source);
    r.expect(r.u32("magic") == (MAGIC & 0xFFFFFFFFL), "magic", "is not \"NNPQ\"");
    int version = r.u16("format_version");
    r.expect(version == VERSION, "format_version", "= " + version + ", this reader knows version " + VERSION);
    int n = r.u16("layer_count");
    r.expect(n >= 1 && n <= org.nnpf.common.nn.Model.MAX_LAYERS, "layer_count", "= " + n + " is not in 1..1024");
    TensorQuantizer input = quantizer(r, "input_bits", "input_frac_bits");
    List<LayerQuantization> layers = new ArrayList<>();
    TensorQuantizer x = input;
    for (int l = 0; l < n; l++) {
      String p = "layer[" + l + "].";
      TensorQuantizer w = quantizer(r, p + "weight_bits", p + "weight_frac_bits");
      int acc = r.u8(p + "accumulator_bits");
      r.expect(acc == 16 || acc == 24 || acc == 32, p + "accumulator_bits", "= " + acc + " is not 16, 24 or 32");
      int qm = r.u8(p + "multiplier_frac_bits");
      r.expect(qm <= LayerQuantization.MAX_MULTIPLIER_FRAC_BITS, p + "multiplier_frac_bits", "= " + qm + " is not in 0..15");
      int qa = r.u8(p + "slope_frac_bits");
      r.expect(qa <= LayerQuantization.MAX_SLOPE_FRAC_BITS, p + "slope_frac_bits", "= " + qa + " is not in 0..15");
      TensorQuantizer out = quantizer(r, p + "output_bits", p + "output_frac_bits");
      int shift = x.fracBits() + w.fracBits() + qm - out.fracBits();
      r.expect(shift >= 0 && shift <= QuantizationParams.MAX_SHIFT, p + "output_frac_bits",
          "= " + out.fracBits() + " gives the shift " + shift + " (not in 0.." + QuantizationParams.MAX_SHIFT + ")");
      int flags = r.u8(p + "flags");
      r.expect((flags & ~(FLAG_EXPLICIT_MULTIPLIERS | FLAG_EXPLICIT_BIASES)) == 0, p + "flags", "= " + flags + " has reserved bits set");
      LayerQuantization.Builder b = LayerQuantization.builder(w, out).accumulatorBits(acc).multiplierFracBits(qm).slopeFracBits(qa);
      if ((flags & FLAG_EXPLICIT_MULTIPLIERS) != 0) {
        int count = r.u16(p + "multiplier_count");
        r.expect(count >= 1 && count <= org.nnpf.common.nn.Conv2d.MAX_CHANNELS, p + "multiplier_count", "= " + count + " is not in 1..1024");
        r.need(2L * count + 4, p + "multipliers", count + " int16 values and the CRC");
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
          m[i] = r.s16(p + "multipliers");
        }
        b.multipliers(m);
      }
      if ((flags & FLAG_EXPLICIT_BIASES) != 0) {
        int count = r.u16(p + "bias_count");
        r.expect(count >= 1 && count <= org.nnpf.common.nn.Conv2d.MAX_CHANNELS, p + "bias_count", "= " + count + " is not in 1..1024");
        r.need(4L * count + 4, p + "biases", count + " int32 values and the CRC");
        long max = (1L << (acc - 1)) - 1;
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
          long bv = (int) r.u32(p + "biases");
          r.expect(bv >= -max - 1 && bv <= max, p + "biases", "[" + i + "] = " + bv + " does not fit the " + acc + "-bit accumulator");
          v[i] = (int) bv;
        }
        b.biases(v);
      }
      LayerQuantization q = b.build();
      layers.add(q);
      x = out;
    }
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
    return new QuantizationParams(input, layers);
  }

  private static TensorQuantizer quantizer(FieldReader r, String bitsField, String fracField) {
    int bits = r.u8(bitsField);
    r.expect(bits == 8 || bits == 16, bitsField, "= " + bits + " is not 8 or 16");
    int frac = r.s8(fracField);
    r.expect(frac >= TensorQuantizer.MIN_FRAC_BITS && frac <= TensorQuantizer.MAX_FRAC_BITS, fracField,
        "= " + frac + " is not in " + TensorQuantizer.MIN_FRAC_BITS + ".." + TensorQuantizer.MAX_FRAC_BITS);
    return new TensorQuantizer(bits, frac);
  }
}
