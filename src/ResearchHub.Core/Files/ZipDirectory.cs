using System.Buffers.Binary;

namespace ResearchHub.Core.Files;

/// <summary>
/// Reads a zip file's central directory without materialising it. <see cref="System.IO.Compression.ZipArchive"/>
/// builds an object for every entry as it opens, so a hostile archive of a million tiny entries
/// costs hundreds of megabytes before anyone can count them; this walks the records first.
/// </summary>
public static class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;
    private const int EndLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>
    /// The number of entries in the central directory of the zip in <paramref name="stream"/> (seekable),
    /// counting at most <paramref name="limit"/> + 1; the stream's position is restored.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream has no readable end-of-central-directory record.</exception>
    public static long CountEntries(Stream stream, long limit)
    {
        var start = stream.Position;
        try
        {
            var offset = CentralDirectoryOffset(stream);
            var header = new byte[46];
            long count = 0;
            while (count <= limit)
            {
                stream.Position = offset;
                if (!ReadExactly(stream, header) || BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature)
                {
                    break;
                }

                count++;
                offset += 46L + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                    + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30))
                    + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            }

            return count;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static long CentralDirectoryOffset(Stream stream)
    {
        var length = stream.Length;
        var tailLength = (int)Math.Min(length, EndLength + MaxCommentLength);
        var tail = new byte[tailLength];
        stream.Position = length - tailLength;
        if (!ReadExactly(stream, tail))
        {
            throw new InvalidDataException("The zip file ends early.");
        }

        for (var i = tailLength - EndLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature)
            {
                continue;
            }

            long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 16));
            var endPosition = length - tailLength + i;
            if (offset == uint.MaxValue && endPosition >= 20)
            {
                // Zip64: the locator just before the record points at the 64-bit record holding the offset.
                var locator = new byte[20];
                stream.Position = endPosition - 20;
                if (ReadExactly(stream, locator) && BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64LocatorSignature)
                {
                    var record = new byte[56];
                    stream.Position = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)), (ulong)length);
                    if (ReadExactly(stream, record) && BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature)
                    {
                        offset = (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)), (ulong)length);
                    }
                }
            }

            return offset;
        }

        throw new InvalidDataException("The zip file has no central directory.");
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return read == buffer.Length;
    }
}
