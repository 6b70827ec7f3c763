// tallyfy_config: the access token, base URL and client header of every request.
using System;

namespace Tallyfy
{
    /// <summary>Access token, base URL and client header (tallyfy_config), checked by the core
    /// when made; immutable, so one Config may serve any number of threads.</summary>
    public sealed class Config : IDisposable
    {
        private readonly ConfigHandle handle;

        /// <summary>Throws Error (InvalidInput listing every problem; NullArgument for a null
        /// token). No base URL means the core's (https://go.tallyfy.com/api), no client header
        /// the core's default.</summary>
        public Config(string accessToken, string baseUrl = null, string clientHeader = null)
        {
            using (var pins = new Pins())
            {
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_config_new(pins.Str(accessToken), pins.Str(baseUrl), pins.Str(clientHeader),
                    out handle, out err), err);
            }
        }

        /// <summary>The native config of config (a NULL one for null, which the library
        /// refuses naming it); ObjectDisposedException once disposed.</summary>
        internal static ConfigHandle HandleOf(Config config)
        {
            return config == null ? new ConfigHandle(IntPtr.Zero) : config.handle.Open<ConfigHandle>("Config");
        }

        /// <summary>Frees the native config; using it after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
