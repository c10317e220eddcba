package org.nnpf.common.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nnpf.common.NnpfException;

/**
 * The base models a decoder holds, found by the SHA-256 of their model file: the models built into
 * the project (resources {@code org/nnpf/models/}, listed in {@code index.txt}, one file name per
 * line) plus any model files the user adds ({@code --model FILE}).
 */
public final class ModelStore {
  private static final String RESOURCE_DIR = "org/nnpf/models/";

  /** A model with its file bytes and where it came from. */
  public record Entry(Model model, byte[] file, String source) {
    public String hashHex() {
      return HexFormat.of().formatHex(ModelHash.of(file).bytes());
    }
  }

  private final Map<String, Entry> byHash = new LinkedHashMap<>();
  private Entry defaultModel;

  private ModelStore() {}

  /** The built-in models; the first listed in the index is the default. */
  public static ModelStore builtIn() {
    ModelStore s = new ModelStore();
    for (String name : builtInNames()) {
      byte[] bytes = resource(RESOURCE_DIR + name);
      s.add(bytes, "built-in model " + name);
    }
    return s;
  }

  /** An empty store. */
  public static ModelStore empty() {
    return new ModelStore();
  }

  /** Adds a model file; returns its entry. */
  public Entry add(byte[] file, String source) {
    Model m = ModelFile.fromBytes(file, source);
    Entry e = new Entry(m, file.clone(), source);
    byHash.putIfAbsent(e.hashHex(), e);
    if (defaultModel == null) {
      defaultModel = e;
    }
    return e;
  }

  /** Reads and adds a model file. */
  public Entry add(Path file) {
    try {
      return add(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new NnpfException(file + ": cannot read the model file: " + e.getMessage(), e);
    }
  }

  /** The model whose file has this SHA-256 (or a prefix of it, for truncated hashes). */
  public Optional<Entry> find(byte[] hash) {
    String hex = HexFormat.of().formatHex(hash);
    for (Map.Entry<String, Entry> e : byHash.entrySet()) {
      if (e.getKey().startsWith(hex)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The first model added (for the built-in store: the project's default base model). */
  public Entry defaultModel() {
    if (defaultModel == null) {
      throw new NnpfException("no base model is available (no built-in model and no --model given)");
    }
    return defaultModel;
  }

  public List<Entry> entries() {
    return new ArrayList<>(byHash.values());
  }

  private static List<String> builtInNames() {
    byte[] index = resourceOrNull(RESOURCE_DIR + "index.txt");
    List<String> names = new ArrayList<>();
    if (index == null) {
      return names;
    }
    for (String line : new String(index, StandardCharsets.UTF_8).split("\n")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        names.add(t);
      }
    }
    return names;
  }

  private static byte[] resource(String name) {
    byte[] b = resourceOrNull(name);
    if (b == null) {
      throw new NnpfException("built-in model resource " + name + " is missing from the class path");
    }
    return b;
  }

  private static byte[] resourceOrNull(String name) {
    try (InputStream in = ModelStore.class.getClassLoader().getResourceAsStream(name)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new NnpfException("cannot read resource " + name + ": " + e.getMessage(), e);
    }
  }
}
