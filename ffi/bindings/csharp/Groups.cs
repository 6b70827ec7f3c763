// The sans-I/O operations: build a request, send it yourself, parse the answer.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>The sans-I/O operations of the Groups API: build a request, send it with any
    /// HTTP client, parse the answer. Every check is the core's: a refusal throws Error.</summary>
    public static class Groups
    {
        /// <summary>The library's version, such as "0.2.0".</summary>
        public static string Version
        {
            get { return Str.Read(NativeMethods.tallyfy_version()); }
        }

        /// <summary>POST /organizations/{orgId}/groups; throws Error (InvalidInput listing every
        /// problem).</summary>
        public static Request BuildCreateGroup(Config config, string orgId, GroupInput input)
        {
            using (var pins = new Pins())
                return Build((out RequestHandle r, out ErrorHandle e) => NativeMethods.tallyfy_build_create_group(
                    Config.HandleOf(config), pins.Str(orgId), GroupInput.HandleOf(input), out r, out e));
        }

        /// <summary>GET /organizations/{orgId}/groups/{groupId}.</summary>
        public static Request BuildGetGroup(Config config, string orgId, string groupId)
        {
            using (var pins = new Pins())
                return Build((out RequestHandle r, out ErrorHandle e) => NativeMethods.tallyfy_build_get_group(
                    Config.HandleOf(config), pins.Str(orgId), pins.Str(groupId), out r, out e));
        }

        /// <summary>GET /organizations/{orgId}/groups?... (no query: the server's defaults).</summary>
        public static Request BuildListGroups(Config config, string orgId, ListQuery query = null)
        {
            using (var pins = new Pins())
                return Build((out RequestHandle r, out ErrorHandle e) => NativeMethods.tallyfy_build_list_groups(
                    Config.HandleOf(config), pins.Str(orgId), ListQuery.HandleOf(query), out r, out e));
        }

        /// <summary>PUT /organizations/{orgId}/groups/{groupId} with the present fields of changes.</summary>
        public static Request BuildUpdateGroup(Config config, string orgId, string groupId, GroupInput changes)
        {
            using (var pins = new Pins())
                return Build((out RequestHandle r, out ErrorHandle e) => NativeMethods.tallyfy_build_update_group(
                    Config.HandleOf(config), pins.Str(orgId), pins.Str(groupId), GroupInput.HandleOf(changes), out r, out e));
        }

        /// <summary>DELETE /organizations/{orgId}/groups/{groupId}.</summary>
        public static Request BuildDeleteGroup(Config config, string orgId, string groupId)
        {
            using (var pins = new Pins())
                return Build((out RequestHandle r, out ErrorHandle e) => NativeMethods.tallyfy_build_delete_group(
                    Config.HandleOf(config), pins.Str(orgId), pins.Str(groupId), out r, out e));
        }

        /// <summary>The answer to create, get or update; throws the answer's error.</summary>
        public static Group ParseGroup(Response response)
        {
            if (response == null) throw new ArgumentNullException("response");
            using (var pins = new Pins())
            {
                var native = response.ToNative(pins);
                GroupHandle group;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_parse_group(ref native, out group, out err), err);
                return Group.Own(group);
            }
        }

        /// <summary>The answer to list; throws the answer's error.</summary>
        public static GroupPage ParseGroupList(Response response)
        {
            if (response == null) throw new ArgumentNullException("response");
            using (var pins = new Pins())
            {
                var native = response.ToNative(pins);
                GroupPageHandle page;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_parse_group_list(ref native, out page, out err), err);
                return GroupPage.Own(page);
            }
        }

        /// <summary>The answer to delete: returns when the group is deleted, else throws the
        /// answer's error.</summary>
        public static void ParseDeleteGroup(Response response)
        {
            if (response == null) throw new ArgumentNullException("response");
            using (var pins = new Pins())
            {
                var native = response.ToNative(pins);
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_parse_delete_group(ref native, out err), err);
            }
        }

        /// <summary>Every problem input has as a create body; empty when valid. Throws Error
        /// for any other failure than InvalidInput.</summary>
        public static IReadOnlyList<FieldError> ValidateCreateGroup(GroupInput input)
        {
            ErrorHandle err;
            return Problems(NativeMethods.tallyfy_validate_create_group(GroupInput.HandleOf(input), out err), err);
        }

        /// <summary>Every problem input has as an update body; empty when valid.</summary>
        public static IReadOnlyList<FieldError> ValidateUpdateGroup(GroupInput input)
        {
            ErrorHandle err;
            return Problems(NativeMethods.tallyfy_validate_update_group(GroupInput.HandleOf(input), out err), err);
        }

        /// <summary>The full-body update (as the official SDK sends it): current with the present
        /// fields of changes applied. current's native group, read from its JSON, lives only
        /// during the call.</summary>
        public static GroupInput FullUpdate(Group current, GroupInput changes)
        {
            using (var native = Group.NativeOf(current))
            {
                GroupInputHandle body;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_full_update(native, GroupInput.HandleOf(changes), out body, out err), err);
                return GroupInput.Own(body);
            }
        }

        private delegate Code BuildCall(out RequestHandle request, out ErrorHandle err);

        private static Request Build(BuildCall build)
        {
            RequestHandle request;
            ErrorHandle err;
            Error.Check(build(out request, out err), err);
            using (request) return new Request(request);
        }

        private static IReadOnlyList<FieldError> Problems(Code code, ErrorHandle err)
        {
            if (code == Code.Ok)
            {
                err.Dispose();
                return new List<FieldError>().AsReadOnly();
            }
            var error = Error.Of(code, err);
            var invalid = error as Error;
            if (invalid == null || invalid.Code != Code.InvalidInput) throw error;
            return invalid.FieldErrors;
        }
    }
}
