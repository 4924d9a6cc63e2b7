namespace ResearchHub.Search.Services.Memory;

/// <summary>
/// One term's postings: the documents that hold it (ascending document numbers) with its weighted
/// frequency in each, packed as variable-length integers (the gap to the previous document, then the
/// frequency). Documents only ever join at the end, so a posting is appended and never moved.
/// </summary>
internal sealed class Postings(int number)
{
    /// <summary>Its place among the index's postings.</summary>
    public int Number { get; } = number;

    private byte[] _data = new byte[8];
    private int _length;
    private int _last = -1;
    private int _lastFrequency;
    private int _lastFrequencyAt;

    /// <summary>How many documents hold the term, counting ones since replaced or removed (until the next compaction).</summary>
    public int Count { get; private set; }

    /// <summary>Adds a document at the end; adding the last document again adds to its frequency (two words with one stem).</summary>
    public void Add(int document, int frequency)
    {
        if (_length + 10 > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + 10));
        }

        if (document == _last)
        {
            _length = _lastFrequencyAt;
            frequency += _lastFrequency;
        }
        else
        {
            Write((uint)(document - _last));
            _last = document;
            Count++;
        }

        _lastFrequencyAt = _length;
        _lastFrequency = frequency;
        Write((uint)frequency);
    }

    private void Write(uint value)
    {
        while (value >= 0x80)
        {
            _data[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _data[_length++] = (byte)value;
    }

    public Reader Read() => new(_data, _length);

    /// <summary>Walks the postings in document order; a struct, so walking allocates nothing.</summary>
    public ref struct Reader(byte[] data, int length)
    {
        private readonly ReadOnlySpan<byte> _data = data.AsSpan(0, length);
        private int _position;

        public int Document { get; private set; } = -1;

        public int Frequency { get; private set; }

        public bool Next()
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            Document += (int)ReadValue();
            Frequency = (int)ReadValue();
            return true;
        }

        private uint ReadValue()
        {
            uint value = 0;
            var shift = 0;
            byte b;
            do
            {
                b = _data[_position++];
                value |= (uint)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);

            return value;
        }
    }
}
