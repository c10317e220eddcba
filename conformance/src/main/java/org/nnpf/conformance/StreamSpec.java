package org.nnpf.conformance;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.CodingStructure;

/**
 * Everything that defines one conformance stream: the generated content, the base coding, the
 * filters and the schedule of post-filter messages per access unit (decoding order). Immutable;
 * made with {@link #builder(String)}.
 *
 * @param name the file name stem ({@code NAME.bit}, {@code NAME_yuv.md5}, {@code NAME.txt})
 * @param title one line saying what the stream is for
 * @param features the features it exercises, one per entry
 * @param codec base codec
 * @param width picture width
 * @param height picture height
 * @param bitDepth 8 or 10
 * @param pictures number of pictures
 * @param structure coding structure of the base encoder
 * @param qp base-codec QP
 * @param contentSeed seed of the synthetic content
 * @param baseHash HM's {@code -dph} for the base stream (HEVC only; 0 none)
 * @param filters the filters by key
 * @param schedule messages per access unit (decoding order)
 * @param hashType the type of the post-filtered picture hashes
 * @param unhashed access units that carry no picture hash
 * @param apsNalType {@code nal_unit_type} of APS units (0: the codec's default)
 * @param interlaced AVC only: the base stream codes interlaced frames (x264's MBAFF)
 * @param accumulatorViolations true when the stream deliberately violates its declared
 *     accumulator precision (only for negative streams)
 */
public record StreamSpec(
    String name,
    String title,
    List<String> features,
    BaseCodec codec,
    int width,
    int height,
    int bitDepth,
    int pictures,
    CodingStructure structure,
    int qp,
    long contentSeed,
    int baseHash,
    Map<String, FilterSpec> filters,
    Map<Integer, List<ScheduledMessage>> schedule,
    PictureHashType hashType,
    Set<Integer> unhashed,
    int apsNalType,
    boolean interlaced,
    boolean accumulatorViolations) {

  public StreamSpec {
    features = List.copyOf(features);
    filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    TreeMap<Integer, List<ScheduledMessage>> s = new TreeMap<>();
    schedule.forEach((k, v) -> s.put(k, List.copyOf(v)));
    schedule = Collections.unmodifiableMap(s);
    unhashed = Collections.unmodifiableSet(new TreeSet<>(unhashed));
    Preconditions.checkArgument(name.matches("[A-Za-z0-9_]+"), "stream name %s", name);
    Preconditions.checkArgument(pictures >= 1, "pictures %s", pictures);
    for (int au : schedule.keySet()) {
      Preconditions.checkArgument(au >= 0 && au < pictures, "%s: access unit %s of %s", name, au, pictures);
    }
  }

  /** The models this stream references by hash only (the decoder must be given them). */
  public List<FilterSpec> byHashFilters() {
    List<FilterSpec> l = new ArrayList<>();
    for (FilterSpec f : filters.values()) {
      if (!f.inBand()) {
        l.add(f);
      }
    }
    return l;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builder of {@link StreamSpec}; defaults: HEVC, 176x144, 8-bit, 4 pictures, random access, QP 37, MD5 hashes. */
  public static final class Builder {
    private final String name;
    private String title = "";
    private final List<String> features = new ArrayList<>();
    private BaseCodec codec = BaseCodec.HEVC;
    private int width = 176;
    private int height = 144;
    private int bitDepth = 8;
    private int pictures = 4;
    private CodingStructure structure = CodingStructure.RANDOM_ACCESS;
    private int qp = 37;
    private long contentSeed = 1;
    private int baseHash;
    private boolean interlaced;
    private final Map<String, FilterSpec> filters = new LinkedHashMap<>();
    private final Map<Integer, List<ScheduledMessage>> schedule = new TreeMap<>();
    private PictureHashType hashType = PictureHashType.MD5;
    private final Set<Integer> unhashed = new TreeSet<>();
    private int apsNalType;
    private boolean accumulatorViolations;

    private Builder(String name) {
      this.name = name;
    }

    public Builder title(String t) {
      title = t;
      return this;
    }

    public Builder feature(String f) {
      features.add(f);
      return this;
    }

    public Builder codec(BaseCodec c) {
      codec = c;
      return this;
    }

    public Builder size(int w, int h) {
      width = w;
      height = h;
      return this;
    }

    public Builder bitDepth(int d) {
      bitDepth = d;
      return this;
    }

    public Builder pictures(int n) {
      pictures = n;
      return this;
    }

    public Builder structure(CodingStructure s) {
      structure = s;
      return this;
    }

    public Builder qp(int q) {
      qp = q;
      return this;
    }

    public Builder contentSeed(long s) {
      contentSeed = s;
      return this;
    }

    public Builder interlaced() {
      interlaced = true;
      return this;
    }

    public Builder baseHash(int dph) {
      baseHash = dph;
      return this;
    }

    public Builder filter(FilterSpec f) {
      Preconditions.checkArgument(filters.putIfAbsent(f.key(), f) == null, "filter %s given twice", f.key());
      return this;
    }

    /** Adds messages to access unit {@code au} (decoding order). */
    public Builder at(int au, ScheduledMessage... messages) {
      schedule.computeIfAbsent(au, k -> new ArrayList<>()).addAll(List.of(messages));
      return this;
    }

    public Builder hashType(PictureHashType t) {
      hashType = t;
      return this;
    }

    public Builder noHashAt(int... aus) {
      for (int a : aus) {
        unhashed.add(a);
      }
      return this;
    }

    public Builder apsNalType(int t) {
      apsNalType = t;
      return this;
    }

    public Builder accumulatorViolations() {
      accumulatorViolations = true;
      return this;
    }

    public StreamSpec build() {
      return new StreamSpec(name, title, features, codec, width, height, bitDepth, pictures, structure, qp,
          contentSeed, baseHash, filters, schedule, hashType, unhashed, apsNalType, interlaced, accumulatorViolations);
    }
  }
}
