using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ResearchHub.Benchmarks.Infrastructure;

/// <summary>Progress lines, the human table and the one machine-readable RESULT line.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Progress(string message) =>
        Console.Error.WriteLine($"[{TimeProvider.System.GetLocalNow():HH:mm:ss}] {message}");

    public static void Table(params (string Name, object Value)[] rows)
    {
        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"  {name.PadRight(width)}  {Format(value)}");
        }
    }

    /// <summary>The last line a verb prints: "RESULT " and a single-line JSON object.</summary>
    public static void Result(object figures) =>
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(figures, figures.GetType(), Json));

    /// <summary>The process's peak resident memory so far, in MB.</summary>
    public static double PeakMemoryMb()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return Math.Round(process.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }

    /// <summary>
    /// Where the process's memory is, at a phase: resident (anonymous: heaps and native buffers;
    /// file-backed: mapped index files and assemblies), peak, and the managed heap and what the GC holds committed.
    /// </summary>
    public static void Memory(string phase)
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        string Kb(string key) => status.FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal)) is { } line
            ? (long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0).ToString("0", CultureInfo.InvariantCulture)
            : "?";
        var gc = GC.GetGCMemoryInfo();
        Progress($"Memory {phase}: resident {Kb("VmRSS")} MB (anonymous {Kb("RssAnon")}, files {Kb("RssFile")}), peak {Kb("VmHWM")} MB;"
            + $" managed heap {gc.HeapSizeBytes / 1048576.0:0} MB, committed {gc.TotalCommittedBytes / 1048576.0:0} MB, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
