// tallyfy_request (what to send) and tallyfy_response (what came back).
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>What to send, unchanged (tallyfy_request): method, URL, headers in order and
    /// the JSON body or null. A managed copy: it holds no native memory.</summary>
    public sealed class Request
    {
        // Copies every value out of a native request (owned by a build's handle, or lent by a
        // call until its next step).
        internal Request(RequestHandle native)
        {
            Method = Str.Read(NativeMethods.tallyfy_request_method(native));
            Url = Str.Read(NativeMethods.tallyfy_request_url(native));
            var headers = new List<KeyValuePair<string, string>>();
            ulong count = NativeMethods.tallyfy_request_header_count(native).ToUInt64();
            for (ulong i = 0; i < count; i++)
            {
                var header = NativeMethods.tallyfy_request_header_at(native, new UIntPtr(i));
                headers.Add(new KeyValuePair<string, string>(Str.Read(header.name), Str.Read(header.value)));
            }
            Headers = headers.AsReadOnly();
            Body = Str.Read(NativeMethods.tallyfy_request_body(native));
            Idempotent = NativeMethods.tallyfy_request_idempotent(native);
        }

        /// <summary>GET, POST, PUT or DELETE.</summary>
        public string Method { get; private set; }
        /// <summary>The full URL, path segments encoded.</summary>
        public string Url { get; private set; }
        /// <summary>Authorization holds the token (except in a call's Trace): never log the value
        /// of a request to send.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; private set; }
        /// <summary>The JSON body of create and update; null for get, list and delete.</summary>
        public string Body { get; private set; }
        /// <summary>Whether sending it twice has the effect of sending it once (GET, PUT, DELETE).</summary>
        public bool Idempotent { get; private set; }
    }

    /// <summary>An HTTP answer as the host received it (tallyfy_response); the core judges every
    /// part of it.</summary>
    public sealed class Response
    {
        /// <summary>An answer; null headers or body mean none.</summary>
        public Response(int status, IList<KeyValuePair<string, string>> headers, byte[] body)
        {
            Status = status;
            Headers = headers ?? new List<KeyValuePair<string, string>>();
            Body = body ?? new byte[0];
        }

        /// <summary>The HTTP status.</summary>
        public int Status { get; private set; }
        /// <summary>The headers as received (names in any case); all may be passed.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; private set; }
        /// <summary>The raw body.</summary>
        public byte[] Body { get; private set; }

        /// <summary>This answer as the library reads it, its text pinned in pins.</summary>
        internal tallyfy_response ToNative(Pins pins)
        {
            var headers = new tallyfy_header[Headers.Count];
            for (int i = 0; i < headers.Length; i++)
            {
                headers[i].name = pins.Str(Headers[i].Key);
                headers[i].value = pins.Str(Headers[i].Value);
            }
            return new tallyfy_response
            {
                status = Status,
                headers = pins.Pin(headers),
                header_count = new UIntPtr((ulong)headers.Length),
                body = pins.Bytes(Body),
            };
        }
    }
}
