// Protobuf's wire format, written in one pass into one growing buffer. A nested message reserves
// one byte for its length and moves its bytes along in the rare case the length needs more.

const initialSize = 256 * 1024;

export class ProtobufWriter {
  private buffer: Buffer;
  /** Buffers handed over by detach and given back: a batch's buffer is reused, not collected. */
  private readonly spare: Buffer[] = [];
  pos = 0;

  constructor(size = initialSize) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** The bytes written since the last reset, copied out: the buffer itself is reused. */
  take(): Uint8Array {
    const bytes = Uint8Array.prototype.slice.call(this.buffer, 0, this.pos);
    this.pos = 0;
    return bytes;
  }

  /** Leaves `size` bytes for a prefix that is known only at the end (see detach). */
  skip(size: number): void {
    this.ensure(size);
    this.pos += size;
  }

  /**
   * Hands over what was written from `from` on, preceded by `prefix` (written into room left
   * before `from` with skip), without copying it, and goes on in a new buffer.
   */
  detach(from: number, prefix: Uint8Array): Uint8Array {
    const start = from - prefix.length;
    this.buffer.set(prefix, start);
    const bytes = this.buffer.subarray(start, this.pos);
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(this.buffer.length);
    this.pos = 0;
    return bytes;
  }

  /** Gives back bytes that detach handed over, once they have been sent. */
  recycle(bytes: Uint8Array): void {
    if (this.spare.length < 2 && bytes.buffer.byteLength >= this.buffer.length) this.spare.push(Buffer.from(bytes.buffer));
  }

  /** A copy of what was written from `start` on. */
  copy(start: number): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buffer, start, this.pos);
  }

  private ensure(size: number): void {
    if (this.pos + size <= this.buffer.length) return;
    let length = this.buffer.length * 2;
    while (length < this.pos + size) length *= 2;
    const grown = Buffer.allocUnsafe(length);
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** A non-negative integer below 2^53, or a negative int64 (ten bytes, two's complement). */
  varint(value: number): void {
    this.ensure(10);
    const buffer = this.buffer;
    if (value >= 0 && value < 0x80) {
      buffer[this.pos++] = value;
      return;
    }
    if (value < 0) {
      let low = value >>> 0;
      let high = Math.floor(value / 0x1_0000_0000) >>> 0;
      for (let index = 0; index < 9; index++) {
        buffer[this.pos++] = (low & 0x7f) | 0x80;
        low = ((low >>> 7) | (high << 25)) >>> 0;
        high >>>= 7;
      }
      buffer[this.pos++] = low & 0x01;
      return;
    }
    while (value >= 0x80) {
      buffer[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    buffer[this.pos++] = value;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.word(value);
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.word(low);
    this.word(high);
  }

  /** Four bytes, little-endian, where ensure has made room. */
  private word(value: number): void {
    const buffer = this.buffer;
    buffer[this.pos++] = value & 0xff;
    buffer[this.pos++] = (value >>> 8) & 0xff;
    buffer[this.pos++] = (value >>> 16) & 0xff;
    buffer[this.pos++] = (value >>> 24) & 0xff;
  }

  double(value: number): void {
    this.ensure(8);
    this.buffer.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited string: ASCII copied by hand (short strings are most), anything else as UTF-8. */
  string(value: string): void {
    const length = value.length;
    this.ensure(length + 5);
    const start = this.pos;
    if (length < 0x80) {
      const buffer = this.buffer;
      let pos = start + 1;
      let index = 0;
      for (; index < length; index++) {
        const code = value.charCodeAt(index);
        if (code > 0x7f) break;
        buffer[pos++] = code;
      }
      if (index === length) {
        buffer[start] = length;
        this.pos = pos;
        return;
      }
    }
    const size = Buffer.byteLength(value, "utf8");
    this.varint(size);
    this.ensure(size);
    this.pos += this.buffer.write(value, this.pos, size, "utf8");
  }

  /** Bytes already encoded (a cached field, say), copied as they are. */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A length-delimited field: `length` bytes of `source` from `offset`. */
  bytes(source: Uint8Array, offset: number, length: number): void {
    this.varint(length);
    this.ensure(length);
    const buffer = this.buffer;
    let pos = this.pos;
    for (let index = 0; index < length; index++) buffer[pos++] = source[offset + index]!;
    this.pos = pos;
  }

  /**
   * Starts a nested message, leaving `room` bytes for its length (2 for a message usually over
   * 127 bytes, so that its bytes need not move); returns the mark `end` takes.
   */
  begin(room: 1 | 2 = 1): number {
    this.ensure(room);
    const mark = this.pos;
    this.buffer[mark] = room;
    this.pos += room;
    return mark;
  }

  /** Ends the nested message begun at `mark`: writes its length, moving its bytes if it needs another room. */
  end(mark: number): void {
    const room = this.buffer[mark]!;
    const length = this.pos - mark - room;
    const size = length < 0x80 ? 1 : length < 0x4000 ? 2 : length < 0x20_0000 ? 3 : length < 0x1000_0000 ? 4 : 5;
    if (size !== room) {
      this.ensure(size - room);
      this.buffer.copy(this.buffer, mark + size, mark + room, this.pos);
    }
    const end = mark + size + length;
    this.pos = mark;
    this.varint(length);
    this.pos = end;
  }
}
