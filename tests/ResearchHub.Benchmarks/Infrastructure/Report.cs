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

    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
