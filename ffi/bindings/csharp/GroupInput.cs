// tallyfy_group_input: the fields of a group to create, or to change in an update.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>The fields of a group to create, or to change in an update
    /// (tallyfy_group_input). A field never set is absent; an empty list (ClearMembers,
    /// ClearGuests) removes every member or guest in an update. Each setter checks its value by
    /// the core's rules at once: a value FromJson refuses throws Error (InvalidInput, the same
    /// field error) and leaves the input unchanged; the fields a create requires are checked
    /// when the request is built. Not for use by two threads while one changes it.</summary>
    public sealed class GroupInput : IDisposable
    {
        private readonly GroupInputHandle handle;

        /// <summary>An input with every field absent.</summary>
        public GroupInput()
        {
            handle = NativeMethods.tallyfy_group_input_new();
        }

        private GroupInput(GroupInputHandle owned)
        {
            handle = owned;
        }

        /// <summary>An input read from JSON ({"name","description","members","guests"}); throws
        /// Error (InvalidInput) listing every problem, wrong types and unknown fields included.</summary>
        public static GroupInput FromJson(string json)
        {
            using (var pins = new Pins())
            {
                GroupInputHandle input;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_group_input_from_json(pins.Str(json), out input, out err), err);
                return new GroupInput(input);
            }
        }

        /// <summary>An input the library made (tallyfy_full_update).</summary>
        internal static GroupInput Own(GroupInputHandle owned)
        {
            return new GroupInput(owned);
        }

        /// <summary>The JSON body this input stands for: exactly the present fields.</summary>
        public string ToJson()
        {
            TextHandle json;
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_input_to_json(Handle, out json, out err), err);
            return Str.Take(json);
        }

        /// <summary>The group's name (required to create), or null when absent. Setting a blank
        /// one, or one longer than 200 characters, throws Error (field "name").</summary>
        public string Name
        {
            get { return Str.Read(NativeMethods.tallyfy_group_input_name(Handle)); }
            set { Set(value, NativeMethods.tallyfy_group_input_set_name); }
        }

        /// <summary>The group's description (required to create), or null when absent; setting
        /// null makes it absent again, a blank one throws Error (field "description").</summary>
        public string Description
        {
            get { return Str.Read(NativeMethods.tallyfy_group_input_description(Handle)); }
            set { Set(value, NativeMethods.tallyfy_group_input_set_description); }
        }

        /// <summary>Member user ids, or null when absent (a copy).</summary>
        public IReadOnlyList<ulong> Members
        {
            get
            {
                var h = Handle;
                if (!NativeMethods.tallyfy_group_input_has_members(h)) return null;
                var members = new List<ulong>();
                ulong count = NativeMethods.tallyfy_group_input_member_count(h).ToUInt64();
                for (ulong i = 0; i < count; i++) members.Add(NativeMethods.tallyfy_group_input_member_at(h, new UIntPtr(i)));
                return members.AsReadOnly();
            }
        }

        /// <summary>Guest emails, or null when absent (a copy).</summary>
        public IReadOnlyList<string> Guests
        {
            get
            {
                var h = Handle;
                if (!NativeMethods.tallyfy_group_input_has_guests(h)) return null;
                var guests = new List<string>();
                ulong count = NativeMethods.tallyfy_group_input_guest_count(h).ToUInt64();
                for (ulong i = 0; i < count; i++) guests.Add(Str.Read(NativeMethods.tallyfy_group_input_guest_at(h, new UIntPtr(i))));
                return guests.AsReadOnly();
            }
        }

        /// <summary>Appends a member's user id, making the list present; an id outside 1 to
        /// 2^53 - 1 throws Error (field "members.N").</summary>
        public void AddMember(ulong userId)
        {
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_input_add_member(Handle, userId, out err), err);
        }

        /// <summary>Appends a guest's email, making the list present; an address that is not
        /// local@domain throws Error (field "guests.N").</summary>
        public void AddGuest(string email)
        {
            Set(email, NativeMethods.tallyfy_group_input_add_guest);
        }

        /// <summary>Makes the member list present and empty: an update then removes every member.</summary>
        public void ClearMembers()
        {
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_input_clear_members(Handle, out err), err);
        }

        /// <summary>Makes the guest list present and empty: an update then removes every guest.</summary>
        public void ClearGuests()
        {
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_input_clear_guests(Handle, out err), err);
        }

        /// <summary>Frees the native input; using it after throws ObjectDisposedException.</summary>
        public void Dispose()
        {
            handle.Dispose();
        }

        /// <summary>The native input of input (a NULL one for null, which the library refuses
        /// naming it); ObjectDisposedException once disposed.</summary>
        internal static GroupInputHandle HandleOf(GroupInput input)
        {
            return input == null ? new GroupInputHandle(IntPtr.Zero) : input.Handle;
        }

        private GroupInputHandle Handle
        {
            get { return handle.Open<GroupInputHandle>("GroupInput"); }
        }

        private delegate Code Setter(GroupInputHandle input, tallyfy_str value, out ErrorHandle err);

        private void Set(string value, Setter set)
        {
            using (var pins = new Pins())
            {
                ErrorHandle err;
                Error.Check(set(Handle, pins.Str(value), out err), err);
            }
        }
    }
}
