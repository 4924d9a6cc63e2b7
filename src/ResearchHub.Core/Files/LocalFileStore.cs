using System.Buffers;
using System.Security.Cryptography;
using ResearchHub.Core.Data;

namespace ResearchHub.Core.Files;

/// <summary>
/// The file store on local disk: App_Data/files/ab/cd/abcdef... (two levels of fan-out keep
/// directories small), with uploads staged in App_Data/files/.tmp on the same volume so the final
/// move is an atomic rename.
/// </summary>
public sealed class LocalFileStore : IFileStore
{
    private readonly string _root;
    private readonly string _temp;

    public LocalFileStore(HubPaths paths)
    {
        _root = paths.Combine("files");
        _temp = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_temp);
    }

    public async Task<StagedFile> StageAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        var tempPath = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long length = 0;
        try
        {
            await using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, buffer.Length), ct)) > 0)
                {
                    length += read;
                    if (length > maxBytes)
                    {
                        // Stop at the first byte over the limit: an oversized upload is never written in full.
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }

            return new StagedFile(tempPath, Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task<string> CommitAsync(StagedFile staged, CancellationToken ct)
    {
        var target = PathFor(staged.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            // Same bytes already stored: content addressing makes the second copy unnecessary.
            File.Delete(staged.TempPath);
        }
        else
        {
            try
            {
                File.Move(staged.TempPath, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // Another upload of the same bytes won the race; theirs is identical.
                File.Delete(staged.TempPath);
            }
        }

        staged.Committed = true;
        return Task.FromResult(staged.Sha256);
    }

    public Stream? OpenRead(string sha256)
    {
        var path = PathFor(sha256);
        return File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous)
            : null;
    }

    public bool Exists(string sha256) => File.Exists(PathFor(sha256));

    private string PathFor(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a SHA-256 in lower-case hex.", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }
}
