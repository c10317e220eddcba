package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.io.PictureStore;

/**
 * The temporary picture files of one encoding: everything is deleted when it closes, and the
 * files of a candidate are deleted as soon as the decision has no more use for them.
 */
public final class Resources implements AutoCloseable {
  private final List<PictureStore> stores = new ArrayList<>();

  /** A new store owned by this. */
  public PictureStore store(String purpose) {
    PictureStore s = PictureStore.create(purpose);
    stores.add(s);
    return s;
  }

  /** Makes {@code s} (a store made elsewhere) owned by this too: closing this deletes it. */
  public void adopt(PictureStore s) {
    stores.add(s);
  }

  /** Moves every store of {@code other} here. */
  public void take(Resources other) {
    stores.addAll(other.stores);
    other.stores.clear();
  }

  @Override
  public void close() {
    for (PictureStore s : stores) {
      s.close();
    }
    stores.clear();
  }
}
