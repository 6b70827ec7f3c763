// Failures: the library's error (tallyfy_error, which wraps the core's) as an exception.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>One problem with one field, as the core gives it: its dot path (name, members.2,
    /// org_id), a snake_case code (required, too_long, ...) and a sentence.</summary>
    public sealed class FieldError
    {
        internal FieldError(string field, string code, string message)
        {
            Field = field;
            Code = code;
            Message = message;
        }

        /// <summary>The field's dot path: name, members.2, org_id.</summary>
        public string Field { get; private set; }
        /// <summary>The snake_case code: required, too_long, invalid_value, ...</summary>
        public string Code { get; private set; }
        /// <summary>A sentence for people.</summary>
        public string Message { get; private set; }

        /// <summary>"field [code]: message".</summary>
        public override string ToString()
        {
            return Field + " [" + Code + "]: " + Message;
        }
    }

    /// <summary>A failed call (tallyfy_error): invalid input, an error answer, a malformed
    /// answer, or a boundary failure (NullArgument, InvalidUtf8, Panic). Code, message, status,
    /// field errors, retry-after and request id are the library's; the exception owns its native
    /// error, so every property stays readable.</summary>
    public sealed class Error : Exception
    {
        private readonly ErrorHandle handle;

        private Error(ErrorHandle owned)
            : base(Str.Read(NativeMethods.tallyfy_error_message(owned)))
        {
            handle = owned;
            Code = NativeMethods.tallyfy_error_code(owned);
            CodeName = Str.Read(NativeMethods.tallyfy_error_code_name(owned));
            int status = NativeMethods.tallyfy_error_status(owned);
            Status = status == 0 ? (int?)null : status;
            var fields = new List<FieldError>();
            ulong count = NativeMethods.tallyfy_error_field_count(owned).ToUInt64();
            for (ulong i = 0; i < count; i++)
            {
                var index = new UIntPtr(i);
                fields.Add(new FieldError(Str.Read(NativeMethods.tallyfy_error_field_name(owned, index)),
                    Str.Read(NativeMethods.tallyfy_error_field_code(owned, index)),
                    Str.Read(NativeMethods.tallyfy_error_field_message(owned, index))));
            }
            FieldErrors = fields.AsReadOnly();
            RequestId = Str.Read(NativeMethods.tallyfy_error_request_id(owned));
        }

        /// <summary>The code (NotFound, InvalidInput, ...).</summary>
        public Code Code { get; private set; }
        /// <summary>The code as the snake_case name shared with JavaScript ("not_found").</summary>
        public string CodeName { get; private set; }
        /// <summary>The HTTP status of the answer, if the error comes from one.</summary>
        public int? Status { get; private set; }
        /// <summary>Every field problem: client-side validation, or the server's 422 answer.</summary>
        public IReadOnlyList<FieldError> FieldErrors { get; private set; }
        /// <summary>The server's X-Request-Id, if it sent one.</summary>
        public string RequestId { get; private set; }

        /// <summary>Seconds to wait before retrying (Retry-After), or null; an HTTP-date counts
        /// from the system clock.</summary>
        public long? RetryAfterSeconds
        {
            get { return Seconds(NativeMethods.tallyfy_error_retry_after_seconds(handle)); }
        }

        /// <summary>Like RetryAfterSeconds, counting an HTTP-date from nowUnix.</summary>
        public long? RetryAfterSecondsAt(ulong nowUnix)
        {
            return Seconds(NativeMethods.tallyfy_error_retry_after_seconds_at(handle, nowUnix));
        }

        private static long? Seconds(long value)
        {
            return value >= 0 ? value : (long?)null;
        }

        /// <summary>This error with the access token of config taken out of its message, field
        /// errors and request id, wherever a server echoed it; code, status and retry-after are
        /// kept. The errors of a Call (and so of GroupsClient) already are; a host that parses
        /// answers itself (Groups.Parse*) calls it before it shows or logs an error.</summary>
        public Error Redacted(Config config)
        {
            ErrorHandle clean, err;
            Check(NativeMethods.tallyfy_error_redact(handle, Config.HandleOf(config), out clean, out err), err);
            return new Error(clean);
        }

        /// <summary>An exception owning a copy of an error the library lends (a call's, until its
        /// next step).</summary>
        internal static Error Copy(IntPtr lent)
        {
            ErrorHandle copy, err;
            using (var borrowed = new ErrorHandle(lent)) Check(NativeMethods.tallyfy_error_clone(borrowed, out copy, out err), err);
            return new Error(copy);
        }

        /// <summary>Returns when code is Ok (err is then empty); else throws err.</summary>
        internal static void Check(Code code, ErrorHandle err)
        {
            if (code == Code.Ok)
            {
                err.Dispose();
                return;
            }
            throw Of(code, err);
        }

        /// <summary>The exception of a failed call: err, which the library writes on every failure.</summary>
        internal static Exception Of(Code code, ErrorHandle err)
        {
            if (err.IsInvalid) return new InvalidOperationException("libtallyfy failed with " + code + " but gave no error");
            return new Error(err);
        }
    }
}
