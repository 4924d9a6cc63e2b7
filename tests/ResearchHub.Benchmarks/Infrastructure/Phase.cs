using System.Diagnostics;
using System.Globalization;

namespace ResearchHub.Benchmarks.Infrastructure;

/// <summary>
/// One measured phase of a verb: wall time, the process's CPU time, and its peak resident memory
/// during the phase alone. Before the phase starts, a full compacting GC that returns free memory
/// to the system drops what set-up left behind, and the kernel's high-water mark is reset (Linux:
/// "5" to /proc/self/clear_refs), so the peak is the phase's own: not the data set-up's, nor an
/// earlier phase's. Where the mark cannot be reset, resident memory is sampled every 10 ms instead.
/// The managed heap's own peak is sampled beside it, to tell the work's objects from the rest.
/// The peak still includes everything resident in the process (runtime, host, caches): it is what
/// a node running this work needs.
/// </summary>
public sealed class Phase : IDisposable
{
    private readonly Stopwatch _wall;
    private readonly TimeSpan _cpuAtStart;
    private readonly bool _markReset;
    private readonly Timer _sampler;
    private long _sampledPeak;
    private long _heapPeak;

    private Phase(double baselineMb, bool markReset)
    {
        BaselineMb = baselineMb;
        LoadAtStart = LoadAverage();
        _markReset = markReset;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        using var process = Process.GetCurrentProcess();
        _cpuAtStart = process.TotalProcessorTime;
        _wall = Stopwatch.StartNew();
    }

    /// <summary>Resident memory when the phase started, after the collection, in MB.</summary>
    public double BaselineMb { get; }

    /// <summary>The 1-minute load average when the phase started (/proc/loadavg; 0 where there is none).</summary>
    public double LoadAtStart { get; }

    /// <summary>Wall time since the phase started (running).</summary>
    public TimeSpan Elapsed => _wall.Elapsed;

    public double Seconds { get; private set; }

    public double CpuSeconds { get; private set; }

    public double PeakMb { get; private set; }

    /// <summary>The most the managed heap held (live objects and garbage not yet collected), sampled every 10 ms, in MB.</summary>
    public double HeapPeakMb { get; private set; }

    public double LoadAtEnd { get; private set; }

    public static Phase Start()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var reset = ResetHighWaterMark();
        using var process = Process.GetCurrentProcess();
        return new Phase(Mb(process.WorkingSet64), reset);
    }

    /// <summary>Ends the phase and fixes its figures (idempotent).</summary>
    public Phase Stop()
    {
        if (!_wall.IsRunning)
        {
            return this;
        }

        _wall.Stop();
        _sampler.Dispose();
        Sample();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Seconds = _wall.Elapsed.TotalSeconds;
        CpuSeconds = (process.TotalProcessorTime - _cpuAtStart).TotalSeconds;
        PeakMb = Mb(_markReset ? process.PeakWorkingSet64 : Interlocked.Read(ref _sampledPeak));
        HeapPeakMb = Mb(Interlocked.Read(ref _heapPeak));
        LoadAtEnd = LoadAverage();
        return this;
    }

    public void Dispose() => Stop();

    /// <summary>The 1-minute load average (/proc/loadavg), 0 where the system has none.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0;
        }
    }

    private void Sample()
    {
        Raise(ref _heapPeak, GC.GetTotalMemory(forceFullCollection: false));
        if (!_markReset)
        {
            using var process = Process.GetCurrentProcess();
            Raise(ref _sampledPeak, process.WorkingSet64);
        }
    }

    private static void Raise(ref long peak, long now)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref peak);
        }
        while (now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen);
    }

    private static bool ResetHighWaterMark()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
