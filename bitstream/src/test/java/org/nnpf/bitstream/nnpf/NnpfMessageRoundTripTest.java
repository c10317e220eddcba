package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NnpfMessageRoundTripTest {

  @Property(tries = 400)
  void writeThenReadGivesAnEqualMessage(@ForAll("messages") NnpfMessage m) {
    byte[] bytes = NnpfMessageWriter.toBytes(m);
    assertEquals(m, NnpfMessageReader.read(bytes));
  }

  @Property(tries = 400)
  void readThenWriteGivesTheSameBytes(@ForAll("messages") NnpfMessage m) {
    byte[] bytes = NnpfMessageWriter.toBytes(m);
    assertArrayEquals(bytes, NnpfMessageWriter.toBytes(NnpfMessageReader.read(bytes)));
  }

  @Property(tries = 200)
  void builderCopiesAreEqualAndCodeTheSameBytes(@ForAll("parameterSets") NnpfParameterSet p) {
    NnpfParameterSet copy = p.toBuilder().build();
    assertEquals(p, copy);
    assertEquals(p.hashCode(), copy.hashCode());
    assertArrayEquals(NnpfMessageWriter.toBytes(p), NnpfMessageWriter.toBytes(copy));
  }

  @Provide
  Arbitrary<NnpfMessage> messages() {
    return RandomStructures.messages();
  }

  @Provide
  Arbitrary<NnpfParameterSet> parameterSets() {
    return RandomStructures.parameterSets();
  }
}
