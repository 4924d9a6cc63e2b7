using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace ResearchHub.Core.Email;

/// <summary>
/// A busy handler for the outbox's SQLite connection that tries again every millisecond. SQLite's
/// own (<c>busy_timeout</c>) sleeps longer and longer between tries, up to 100 ms each, so a sent
/// mark that met another writer's transaction (a digest page being queued) slept through most of
/// the moments the lock was free, and with it the next message's closing dot, which waits for the
/// mark. SQLitePCLRaw does not wrap <c>sqlite3_busy_handler</c>, so it is called in the bundled
/// library directly. Replaced again by <c>PRAGMA busy_timeout</c> (which installs SQLite's handler).
/// </summary>
internal static class SqliteBusyWait
{
    /// <summary>About as long as the busy timeout it replaces (30 s) before the statement fails as busy.</summary>
    private const int MaxTries = 30_000;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(IntPtr argument, int tries);

    // Kept in a static field: the native library holds the pointer for as long as the connection lives.
    private static readonly BusyHandler Handler = OnBusy;
    private static readonly IntPtr HandlerPointer = Marshal.GetFunctionPointerForDelegate(Handler);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_busy_handler", CallingConvention = CallingConvention.Cdecl)]
    private static extern int SetBusyHandler(IntPtr db, IntPtr handler, IntPtr argument);

    /// <summary>Installs the handler on the connection (open); false when the native call is not available.</summary>
    public static bool Install(SqliteConnection connection)
    {
        if (connection.Handle is not { IsInvalid: false } handle)
        {
            return false;
        }

        try
        {
            return SetBusyHandler(handle.DangerousGetHandle(), HandlerPointer, IntPtr.Zero) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // SQLite's own handler stays
        }
    }

    private static int OnBusy(IntPtr argument, int tries)
    {
        if (tries >= MaxTries)
        {
            return 0;
        }

        Thread.Sleep(1);
        return 1;
    }
}
