using System.Buffers.Binary;
using System.Text;
using ConformanceKit.Core.Results;

namespace ConformanceKit.Reporting.Subunit;

/// <summary>
/// Writes a run as a subunit v2 stream, the format OpenStack's test tools read (stestr, subunit2junitxml, subunit2html,
/// subunit-stats): per scenario, an "inprogress" packet at its start and a final packet at its end, both named by the
/// scenario's stable id, the final one with its status, its tags and, unless it passed, its reason as a text attachment.
/// Passed → success; Failed and Broken → fail; Skipped and NotSupported → skip.
/// </summary>
/// <remarks>
/// A packet: signature 0xB3; 16-bit flags (version 2 in the top nibble, which fields follow, and the status in the
/// low 3 bits); the packet's whole length as a subunit varint; then the timestamp (32-bit seconds, varint
/// nanoseconds), test id, tags, mime type, file content and route code that the flags announce; then a CRC32 of all
/// that precedes it. Integers are big-endian.
/// </remarks>
public sealed class SubunitWriter(SecretScrubber scrubber)
{
    private const byte Signature = 0xB3;
    private const ushort Version2 = 0x2000;
    private const ushort TestId = 0x0800;
    private const ushort Timestamp = 0x0200;
    private const ushort Runnable = 0x0100;
    private const ushort Tags = 0x0080;
    private const ushort FileContent = 0x0040;
    private const ushort MimeType = 0x0020;
    private const ushort Eof = 0x0010;

    private enum Status : ushort { InProgress = 2, Success = 3, Skip = 5, Fail = 6 }

    public void Write(string path, IReadOnlyList<ScenarioResult> results)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var stream = new FileStream(full, FileMode.Create, FileAccess.Write);
        foreach (var result in results) Write(stream, result);
    }

    public void Write(Stream stream, ScenarioResult result)
    {
        var tags = result.Tags.Select(t => t.TrimStart('@')).ToList();
        stream.Write(Packet(result.Id, Status.InProgress, result.Start, tags, null));
        var reason = result.Outcome == Outcome.Passed ? null : scrubber.Scrub($"{Label(result.Outcome)}: {result.Message ?? "(no message)"}");
        stream.Write(Packet(result.Id, StatusOf(result.Outcome), result.Stop, tags, reason));
    }

    private static Status StatusOf(Outcome outcome) => outcome switch
    {
        Outcome.Passed => Status.Success,
        Outcome.Skipped or Outcome.NotSupported => Status.Skip,
        _ => Status.Fail,
    };

    private static string Label(Outcome outcome) => outcome switch
    {
        Outcome.NotSupported => "not supported",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static byte[] Packet(string id, Status status, DateTimeOffset at, IReadOnlyList<string> tags, string? reason)
    {
        var flags = (ushort)(Version2 | TestId | Timestamp | Runnable | (ushort)status);
        var body = new MemoryStream();
        var seconds = at.ToUnixTimeSeconds();
        var nanos = (at.UtcTicks % TimeSpan.TicksPerSecond) * 100;
        Span<byte> u32 = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(u32, checked((uint)seconds));
        body.Write(u32);
        WriteNumber(body, (uint)nanos);
        WriteString(body, id);
        if (tags.Count > 0)
        {
            flags |= Tags;
            WriteNumber(body, (uint)tags.Count);
            foreach (var tag in tags) WriteString(body, tag);
        }
        if (reason is not null)
        {
            flags |= MimeType | FileContent | Eof;
            WriteString(body, "text/plain;charset=utf8");
            WriteString(body, "reason");
            var bytes = Encoding.UTF8.GetBytes(reason);
            WriteNumber(body, (uint)bytes.Length);
            body.Write(bytes);
        }

        // Signature, flags, the length itself and the CRC count in the length.
        var baseLength = 1 + 2 + (int)body.Length + 4;
        var lengthSize = baseLength <= 62 ? 1 : baseLength <= 16381 ? 2 : baseLength <= 4194300 ? 3
            : throw new InvalidOperationException($"A subunit packet of {baseLength} bytes is too long; the reason of '{id}' must be shorter.");
        var packet = new MemoryStream();
        packet.WriteByte(Signature);
        Span<byte> u16 = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(u16, flags);
        packet.Write(u16);
        WriteNumber(packet, (uint)(baseLength + lengthSize));
        body.Position = 0;
        body.CopyTo(packet);
        BinaryPrimitives.WriteUInt32BigEndian(u32, Crc32(packet.ToArray()));
        packet.Write(u32);
        return packet.ToArray();
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>The CRC-32 of zlib and PNG (reflected polynomial 0xEDB88320), which subunit v2 ends each packet with.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>Subunit's variable-length number: the top two bits of the first byte say how many bytes follow (0-3).</summary>
    private static void WriteNumber(Stream stream, uint value)
    {
        switch (value)
        {
            case < 0x40: stream.WriteByte((byte)value); break;
            case < 0x4000: stream.WriteByte((byte)(0x40 | (value >> 8))); stream.WriteByte((byte)value); break;
            case < 0x400000: stream.WriteByte((byte)(0x80 | (value >> 16))); stream.WriteByte((byte)(value >> 8)); stream.WriteByte((byte)value); break;
            case < 0x40000000: stream.WriteByte((byte)(0xC0 | (value >> 24))); stream.WriteByte((byte)(value >> 16)); stream.WriteByte((byte)(value >> 8)); stream.WriteByte((byte)value); break;
            default: throw new ArgumentOutOfRangeException(nameof(value), value, "too large for a subunit number");
        }
    }

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        WriteNumber(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }
}
