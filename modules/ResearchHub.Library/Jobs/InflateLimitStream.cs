using ResearchHub.Core.Files;

namespace ResearchHub.Library.Jobs;

/// <summary>
/// Reads one inflating zip entry and stops it (with <see cref="ExtractionLimitException"/>) at the
/// first byte past its own cap, past the archive's total, or past the allowed ratio to its compressed
/// size; the timeout is checked on every read. Nothing beyond a cap is ever inflated, so a bomb costs
/// at most the caps in CPU and one buffer in memory.
/// </summary>
internal sealed class InflateLimitStream(
    Stream inner, string name, long compressedLength, long maxBytes, int maxRatio, InflateBudget budget, CancellationToken ct) : Stream
{
    /// <summary>Small parts may compress very well (an empty sheet); the ratio counts only after this.</summary>
    public const long RatioGraceBytes = 1024 * 1024;

    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ct.ThrowIfCancellationRequested();
        var n = inner.Read(buffer);
        _read += n;
        budget.Used += n;
        if (_read > maxBytes)
        {
            throw new ExtractionLimitException($"its part {name} inflates to more than {FileSizes.Format(maxBytes)}, the limit for one part");
        }

        if (budget.Used > budget.MaxTotalBytes)
        {
            throw new ExtractionLimitException($"its parts inflate to more than {FileSizes.Format(budget.MaxTotalBytes)} in all, the limit for one file");
        }

        if (_read > RatioGraceBytes && _read > (double)Math.Max(compressedLength, 1) * maxRatio)
        {
            throw new ExtractionLimitException($"its part {name} inflates to more than {maxRatio} times its compressed size, as a decompression bomb does");
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
