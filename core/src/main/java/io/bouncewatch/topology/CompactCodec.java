package io.bouncewatch.topology;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte writer and a reader with unsigned LEB128 varints, the encoding of every stored
 * value: most counters are small, so they take one or two bytes instead of eight.
 */
final class CompactCodec {

    // Eight bytes, big-endian, in one access: a mailbox's event-id fingerprints are most of its
    // stored bytes.
    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private CompactCodec() {}

    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        Writer writeByte(int b) {
            ensure(1);
            buf[pos++] = (byte) b;
            return this;
        }

        Writer writeVarLong(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("varints are non-negative: " + value);
            }
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf[pos++] = (byte) value;
            return this;
        }

        Writer writeFixedLong(long value) {
            ensure(8);
            LONG_BE.set(buf, pos, value);
            pos += 8;
            return this;
        }

        Writer writeString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            writeVarLong(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        /**
         * A string that may be null, marked by a leading length of 0 for null and n + 1 otherwise.
         */
        Writer writeNullableString(String value) {
            if (value == null) {
                return writeVarLong(0);
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            writeVarLong(bytes.length + 1L);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
            return this;
        }

        Writer writeBytes(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buf, pos, length);
            pos += length;
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int readByte() {
            check(1);
            return buf[pos++] & 0xFF;
        }

        long readVarLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint longer than 64 bits");
        }

        int readVarInt() {
            return Math.toIntExact(readVarLong());
        }

        long readFixedLong() {
            check(8);
            long value = (long) LONG_BE.get(buf, pos);
            pos += 8;
            return value;
        }

        String readString() {
            int length = readVarInt();
            check(length);
            String value = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return value;
        }

        String readNullableString() {
            int marker = readVarInt();
            if (marker == 0) {
                return null;
            }
            int length = marker - 1;
            check(length);
            String value = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return value;
        }

        /** Where the next read starts. */
        int position() {
            return pos;
        }

        boolean atEnd() {
            return pos >= buf.length;
        }

        /** Moves past {@code n} bytes without reading them. */
        void skip(int n) {
            check(n);
            pos += n;
        }

        private void check(int n) {
            if (pos + n > buf.length) {
                throw new IllegalStateException("stored value truncated at byte " + pos);
            }
        }
    }
}
