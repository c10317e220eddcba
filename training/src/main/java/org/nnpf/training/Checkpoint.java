package org.nnpf.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.Param;

/**
 * A resumable training state: the next iteration, the model (as model-file bytes) and the Adam
 * moments of every parameter of the graph. File layout (big-endian): {@code "NNPC"}, u16 version 1,
 * u64 next iteration, u64 Adam step count, u32 model byte count, model bytes, u32 parameter count,
 * then per parameter: UTF name, u32 length, u8 has-moments, and if so the f32 first and second
 * moments. Written to a temporary file and moved in place.
 */
public final class Checkpoint {
  private static final int MAGIC = 0x4E4E5043;

  private Checkpoint() {}

  /** A loaded checkpoint: {@link #restore} puts it into a trainer's graph and optimiser. */
  public record State(long nextIteration, long adamSteps, Model model, byte[] moments) {
    /** Loads the model parameters into {@code tm} and the moments into {@code adam}. */
    public void restore(TrainableModel tm, Adam adam) {
      tm.load(model);
      adam.steps(adamSteps);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(moments))) {
        int n = in.readInt();
        if (n != tm.graph().params().size()) {
          throw new NnpfException("checkpoint holds moments of " + n + " parameters, the model has " + tm.graph().params().size());
        }
        for (Param p : tm.graph().params()) {
          String name = in.readUTF();
          int len = in.readInt();
          if (!name.equals(p.name()) || len != p.size()) {
            throw new NnpfException("checkpoint parameter " + name + "[" + len + "] does not match " + p.name() + "[" + p.size() + "]");
          }
          if (in.readBoolean()) {
            float[] m = new float[len];
            float[] v = new float[len];
            for (int i = 0; i < len; i++) {
              m[i] = in.readFloat();
            }
            for (int i = 0; i < len; i++) {
              v[i] = in.readFloat();
            }
            adam.restore(p, m, v);
          }
        }
      } catch (IOException e) {
        throw new NnpfException("checkpoint moments are truncated: " + e.getMessage(), e);
      }
    }
  }

  public static void write(Path path, long nextIteration, TrainableModel tm, Adam adam) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeShort(1);
      out.writeLong(nextIteration);
      out.writeLong(adam.steps());
      byte[] model = ModelFile.toBytes(tm.toModel());
      out.writeInt(model.length);
      out.write(model);
      out.writeInt(tm.graph().params().size());
      for (Param p : tm.graph().params()) {
        out.writeUTF(p.name());
        out.writeInt(p.size());
        float[][] mv = adam.moments(p);
        out.writeBoolean(mv != null);
        if (mv != null) {
          for (float f : mv[0]) {
            out.writeFloat(f);
          }
          for (float f : mv[1]) {
            out.writeFloat(f);
          }
        }
      }
      out.flush();
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      try {
        Files.write(tmp, bytes.toByteArray());
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
    }
  }

  public static State read(Path path) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(path)))) {
      if (in.readInt() != MAGIC) {
        throw new NnpfException("checkpoint " + path + ": magic at byte offset 0 is not \"NNPC\"");
      }
      int version = in.readUnsignedShort();
      if (version != 1) {
        throw new NnpfException("checkpoint " + path + ": version " + version + " at byte offset 4, expected 1");
      }
      long next = in.readLong();
      long steps = in.readLong();
      int len = in.readInt();
      if (len < 0 || len > in.available()) {
        throw new NnpfException("checkpoint " + path + ": model length " + len + " at byte offset 22 exceeds the file");
      }
      byte[] model = in.readNBytes(len);
      Model m = ModelFile.fromBytes(model, "model in checkpoint " + path);
      byte[] rest = in.readAllBytes();
      return new State(next, steps, m, rest);
    } catch (IOException e) {
      throw new NnpfException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
    }
  }
}
