// Text across the C ABI (tallyfy_str: a pointer and a length of UTF-8, both ways).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace Tallyfy
{
    /// <summary>Reads and writes tallyfy_str. In arguments, null is {NULL, 0} (absent; the
    /// library names the parameter where one is required) and any other string a non-NULL
    /// pointer, "" included. A string holding a lone surrogate, which UTF-8 cannot carry, goes
    /// as the bytes of its code units (never U+FFFD), which the library refuses as
    /// InvalidUtf8 naming the parameter; U+0000 goes as it is, for the core to judge.</summary>
    internal static class Str
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>A copy of the text at s (borrowed, never freed here); null for {NULL, 0}.</summary>
        internal static string Read(tallyfy_str s)
        {
            if (s.data == IntPtr.Zero) return null;
            var bytes = new byte[checked((int)s.len.ToUInt64())];
            Marshal.Copy(s.data, bytes, 0, bytes.Length);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>A copy of an owned text (a *_to_json result), which is freed here.</summary>
        internal static string Take(TextHandle text)
        {
            using (text) return Read(NativeMethods.tallyfy_text_str(text));
        }

        /// <summary>s as UTF-8; a lone surrogate as its three bytes (not UTF-8).</summary>
        internal static byte[] Encode(string s)
        {
            try
            {
                return Strict.GetBytes(s);
            }
            catch (EncoderFallbackException)
            {
                return EncodeUnits(s);
            }
        }

        private static byte[] EncodeUnits(string s)
        {
            var bytes = new List<byte>(s.Length * 3);
            for (int i = 0; i < s.Length; i++)
            {
                int c = s[i];
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    c = char.ConvertToUtf32(s[i], s[++i]);
                if (c < 0x80)
                {
                    bytes.Add((byte)c);
                }
                else if (c < 0x800)
                {
                    bytes.Add((byte)(0xC0 | c >> 6));
                    bytes.Add((byte)(0x80 | c & 0x3F));
                }
                else if (c < 0x10000)
                {
                    bytes.Add((byte)(0xE0 | c >> 12));
                    bytes.Add((byte)(0x80 | c >> 6 & 0x3F));
                    bytes.Add((byte)(0x80 | c & 0x3F));
                }
                else
                {
                    bytes.Add((byte)(0xF0 | c >> 18));
                    bytes.Add((byte)(0x80 | c >> 12 & 0x3F));
                    bytes.Add((byte)(0x80 | c >> 6 & 0x3F));
                    bytes.Add((byte)(0x80 | c & 0x3F));
                }
            }
            return bytes.ToArray();
        }
    }

    /// <summary>The arguments of one call, pinned until disposed: text as tallyfy_str, arrays as
    /// pointers.</summary>
    internal sealed class Pins : IDisposable
    {
        // Something to point at for an empty text or array: never a NULL pointer, which is absent.
        private static readonly byte[] Nothing = new byte[1];
        private readonly List<GCHandle> pinned = new List<GCHandle>(4);

        /// <summary>s as a tallyfy_str: {NULL, 0} for null.</summary>
        internal tallyfy_str Str(string s)
        {
            return s == null ? default(tallyfy_str) : Bytes(Tallyfy.Str.Encode(s));
        }

        /// <summary>bytes as a tallyfy_str.</summary>
        internal tallyfy_str Bytes(byte[] bytes)
        {
            return new tallyfy_str { data = Pin(bytes.Length == 0 ? Nothing : bytes), len = new UIntPtr((ulong)bytes.Length) };
        }

        /// <summary>The address of array's first element (a non-NULL one when empty).</summary>
        internal IntPtr Pin(Array array)
        {
            var handle = GCHandle.Alloc(array.Length == 0 ? Nothing : array, GCHandleType.Pinned);
            pinned.Add(handle);
            return handle.AddrOfPinnedObject();
        }

        /// <summary>Unpins every argument.</summary>
        public void Dispose()
        {
            foreach (var handle in pinned) handle.Free();
            pinned.Clear();
        }
    }
}
