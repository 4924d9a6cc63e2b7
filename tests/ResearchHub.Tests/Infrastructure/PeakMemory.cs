using System.Diagnostics;

namespace ResearchHub.Tests.Infrastructure;

/// <summary>
/// The test process's peak working set (Linux VmHWM). <see cref="Reset"/> lowers the peak to the
/// current resident set (/proc/self/clear_refs, Linux 4.0+), so a later <see cref="Peak"/> is the
/// peak of what ran in between; where the reset is refused the peak only tells growth past the old peak.
/// Run measured tests in <see cref="MemoryMeasuredCollection"/>, so no other test allocates meanwhile.
/// </summary>
public static class PeakMemory
{
    /// <summary>Collects garbage, resets the peak when the kernel allows, and returns the baseline to compare <see cref="Peak"/> with.</summary>
    public static long Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without the reset the baseline is the old peak: growth is still measured, from higher up.
            return Peak();
        }

        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
