using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ResearchHub.Core.Data;

/// <summary>
/// Counts the database commands a request runs through the context, so a page's query count can be
/// watched (a test keeps N+1 from coming back; the pages benchmark prints it). With
/// Hub:Diagnostics:QueryCountHeader true the count goes out in the response header
/// <see cref="Header"/> (set when the response starts: every query a page runs before it writes).
/// </summary>
public sealed class QueryCounter(IHttpContextAccessor accessor) : DbCommandInterceptor
{
    public const string Header = "X-Hub-Queries";

    private static readonly object Key = new();

    /// <summary>Starts counting for this request and sends the count in <see cref="Header"/>.</summary>
    public static void Track(HttpContext context)
    {
        var count = new Count();
        context.Items[Key] = count;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = count.Value.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Add();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Add();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Add();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Add();
        return ValueTask.FromResult(result);
    }

    private void Add()
    {
        if (accessor.HttpContext?.Items.TryGetValue(Key, out var count) == true)
        {
            Interlocked.Increment(ref ((Count)count!).Value);
        }
    }

    private sealed class Count
    {
        public int Value;
    }
}
