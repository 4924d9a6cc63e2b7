using System.Buffers.Binary;
using System.IO.Compression;
using ZXing;
using ZXing.Common;

namespace ResearchHub.Tests.Accounts;

/// <summary>
/// Reads a QR code from PNG bytes as a phone's camera app would: the PNG decoded here (greyscale,
/// palette, RGB or RGBA, every filter), then ZXing's QR reader.
/// </summary>
internal static class QrCodeReader
{
    public static string? Read(byte[] png)
    {
        var (width, height, luminance) = DecodePng(png);
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new ZXing.QrCode.QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        return result?.Text;
    }

    private static (int Width, int Height, byte[] Luminance) DecodePng(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "not a PNG");
        int width = 0, height = 0, depth = 0, colour = 0;
        byte[] palette = [];
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    depth = data[8];
                    colour = data[9];
                    Assert.Equal(0, data[12]); // not interlaced
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + length;
        }

        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new NotSupportedException($"PNG colour type {colour}") };
        var bitsPerPixel = channels * depth;
        var stride = (width * bitsPerPixel + 7) / 8;
        var step = Math.Max(1, bitsPerPixel / 8);
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var previous = new byte[stride];
        var luminance = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var row = raw.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= step ? row[i - step] : 0, up = previous[i], upLeft = i >= step ? previous[i - step] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                });
            }

            for (var x = 0; x < width; x++)
            {
                luminance[y * width + x] = Luminance(row, x, depth, colour, palette);
            }

            previous = row;
        }

        return (width, height, luminance);
    }

    private static byte Luminance(byte[] row, int x, int depth, int colour, byte[] palette)
    {
        if (colour is 0 or 3 && depth < 8)
        {
            var bit = x * depth;
            var value = (row[bit / 8] >> (8 - depth - bit % 8)) & ((1 << depth) - 1);
            return colour == 0 ? (byte)(value * 255 / ((1 << depth) - 1)) : Grey(palette, value * 3);
        }

        return colour switch
        {
            0 or 4 => row[x * (colour == 0 ? 1 : 2)],
            3 => Grey(palette, row[x] * 3),
            _ => Grey(row, x * (colour == 2 ? 3 : 4)),
        };
    }

    private static byte Grey(byte[] rgb, int at) => (byte)((rgb[at] * 299 + rgb[at + 1] * 587 + rgb[at + 2] * 114) / 1000);

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
