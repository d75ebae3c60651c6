"""Open an attached Outlook message in a PST with libpff's own `libpff_attachment_get_item`.

libpff reads embedded messages (attachment method 5, MS-PST 2.4.6.2), but libpff-python does
not expose the call. Its extension module exports the C symbols, so the call is made through
`ctypes` on that same module, and the result is wrapped by pypff's own `pypff_item_new` as a
`pypff.message`: recipients, long bodies kept in sub-nodes, and the attached message's own
attachments are then read exactly as for any message.

Any failure (a pypff build without the symbols, a layout that does not match, libpff
refusing the attachment) gives None, and the caller falls back to the property-context heap.
"""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

_ITEM_OFFSET = 16  # pypff_item_t: PyObject_HEAD (refcount, type), then `libpff_item_t *item`
_RECORD_SET_OFFSET = 24  # then, in current builds, `libpff_record_set_t *record_set`


@cache
def _bridge() -> tuple[Any, Any, Any, Any, int, Any] | None:
    try:
        import pypff  # type: ignore[import-not-found]

        lib = ctypes.PyDLL(pypff.__file__)
        get_item = lib.libpff_attachment_get_item
        get_item.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.POINTER(ctypes.c_void_p),
        ]
        get_item.restype = ctypes.c_int
        record_set = lib.libpff_item_get_record_set_by_index
        record_set.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_void_p),
        ]
        record_set.restype = ctypes.c_int
        wrap = lib.pypff_item_new
        wrap.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.py_object]
        wrap.restype = ctypes.py_object
        clone = lib.libpff_item_clone
        clone.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_void_p),
        ]
        clone.restype = ctypes.c_int
        free_error = lib.libpff_error_free
        free_error.argtypes = [ctypes.POINTER(ctypes.c_void_p)]
        message_type = ctypes.addressof(ctypes.c_char.in_dll(lib, "pypff_message_type_object"))
    except (ImportError, OSError, AttributeError, ValueError):
        return None
    return get_item, record_set, wrap, free_error, message_type, clone


def _item_pointer(obj: Any) -> int | None:
    return ctypes.c_void_p.from_address(id(obj) + _ITEM_OFFSET).value


def attached_message(attachment: Any) -> Any | None:
    """The `pypff.message` embedded in a pypff attachment, or None."""
    bridge = _bridge()
    if bridge is None:
        return None
    import pypff

    if type(attachment) is not pypff.attachment:
        return None
    get_item, free_error = bridge[0], bridge[3]
    pointer = _item_pointer(attachment)
    if not pointer:
        return None
    found, error = ctypes.c_void_p(None), ctypes.c_void_p(None)
    if get_item(pointer, ctypes.byref(found), ctypes.byref(error)) != 1 or not found.value:
        if error.value:
            free_error(ctypes.byref(error))
        return None
    return _wrap(found, attachment)


def as_message(item: Any) -> Any | None:
    """A `pypff.message` for an item that pypff hands over as a plain `pypff.item`.

    libpff types an item by its message class, and a class it does not list (Teams chat's
    `IPM.SkypeTeams.Message`) gives an item without recipients or attachments in Python. A
    clone of the libpff item is wrapped as a message (the clone is the new object's own, so
    the two Python objects never free the same item).
    """
    bridge = _bridge()
    if bridge is None:
        return None
    import pypff

    if isinstance(item, pypff.message):
        return item
    if type(item) is not pypff.item:
        return None
    clone, free_error = bridge[5], bridge[3]
    pointer = _item_pointer(item)
    if not pointer:
        return None
    found, error = ctypes.c_void_p(None), ctypes.c_void_p(None)
    if clone(ctypes.byref(found), pointer, ctypes.byref(error)) != 1 or not found.value:
        if error.value:
            free_error(ctypes.byref(error))
        return None
    return _wrap(found, item)


def _wrap(found: ctypes.c_void_p, parent: Any) -> Any | None:
    import pypff

    _, record_set, wrap, free_error, message_type, _ = _bridge()  # type: ignore[misc]
    # pypff_item_new takes ownership of the libpff item; `parent` is kept as its parent.
    message = wrap(message_type, found, parent)
    if type(message) is not pypff.message or _item_pointer(message) != found.value:
        return None
    error = ctypes.c_void_p(None)
    # As pypff's own get_sub_message does: cache the first record set that the message's
    # getters (subject, bodies) read. Builds whose object has no such field (the parent
    # object follows the item directly) need none.
    slot = id(message) + _RECORD_SET_OFFSET
    parent_after = ctypes.c_void_p.from_address(slot + 8).value
    unset = parent_after == id(parent) and ctypes.c_void_p.from_address(slot).value is None
    if unset and record_set(found, 0, slot, ctypes.byref(error)) != 1 and error.value:
        free_error(ctypes.byref(error))
    return message
