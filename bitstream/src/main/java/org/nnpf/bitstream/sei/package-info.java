/** SEI NAL unit payloads: {@code sei_rbsp()} framing of one or more {@code sei_message()}s. */
package org.nnpf.bitstream.sei;
