"""A small writer of Unicode PST files, following Microsoft's published [MS-PST] specification.

No open-source PST writer can be installed from the registries this project uses (libpff,
libpst, java-libpst and pst-extractor only read), and no public PST holding Microsoft Teams
chats exists, so the tests build one: mail and Teams chat items as Microsoft 365 eDiscovery
(Purview) exports them. The reader under test (libpff-python) reads the file back; nothing
here is shared with it.

What is written, by layer (section numbers of [MS-PST]):

- NDB (2.2): the 564-byte Unicode header with both CRCs (2.2.2.6), the first allocation map and
  density page (2.2.2.7.2-3, at 0x4400 and 0x4600), data blocks with their trailers, signatures
  and CRCs (2.2.2.8), data trees (XBLOCK) for values over one block, sub-node blocks (SLBLOCK),
  and the node and block B-trees (NBT, BBT) in 512-byte pages, with intermediate levels when
  one page does not hold them (2.2.2.7.7);
- LTP (2.3): heap-on-node (HN) with its page map, BTH, property contexts (PC) and table
  contexts (TC: TCINFO, column descriptors, row index, row matrix, cell-existence bitmap),
  values too large for the heap put in sub-nodes;
- messaging (2.4): the message store (NID 0x21), the name-to-id map (0x61), the root folder
  (0x122) with hierarchy, contents and associated-contents tables for every folder, messages
  with recipient (0x692) and attachment (0x671) tables and attachment objects, attached
  Outlook messages (attach method 5) as the attachment's object sub-node.

Not written: encryption (bCryptMethod 0, NDB_CRYPT_NONE, which the specification allows),
search folders and their queues, named properties, more than one allocation map (the file
must stay under about 250 KB), heaps larger than one block.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# Property types (MS-OXCDATA 2.11.1)
PT_SHORT, PT_LONG, PT_BOOLEAN, PT_I8 = 0x0002, 0x0003, 0x000B, 0x0014
PT_UNICODE, PT_SYSTIME, PT_BINARY, PT_OBJECT = 0x001F, 0x0040, 0x0102, 0x000D
_INLINE = {PT_SHORT: 2, PT_LONG: 4, PT_BOOLEAN: 1, 0x0004: 4, 0x000A: 4}
_FIXED8 = {PT_I8, PT_SYSTIME, 0x0005}

# NID types (2.2.2.1)
NID_TYPE_NORMAL_FOLDER, NID_TYPE_NORMAL_MESSAGE, NID_TYPE_ATTACHMENT = 0x02, 0x04, 0x05
NID_TYPE_HIERARCHY_TABLE, NID_TYPE_CONTENTS_TABLE, NID_TYPE_ASSOC_CONTENTS_TABLE = 0x0D, 0x0E, 0x0F
NID_TYPE_LTP = 0x1F
NID_MESSAGE_STORE, NID_NAME_TO_ID_MAP, NID_ROOT_FOLDER = 0x21, 0x61, 0x122
NID_ATTACHMENT_TABLE, NID_RECIPIENT_TABLE = 0x671, 0x692

MAX_BLOCK_DATA = 8192 - 16  # a block and its trailer fit in 8 KiB (2.2.2.8)
MAX_HEAP_ALLOC = 3580  # larger values go to a sub-node (2.3.3.2)
PAGE = 512
AMAP_AT, PMAP_AT, DATA_AT = 0x4400, 0x4600, 0x4800
AMAP_SPAN = 496 * 8 * 64  # bytes one allocation map page covers
# {00062008-0000-0000-C000-000000000046} in its stored byte order
_PSETID_COMMON = bytes.fromhex("0820060000000000c000000000000046")
_PROVIDER_UID = bytes.fromhex("5a2c8e1b0d4f4a3c9e7b6d5c4b3a2918")

# Property ids used below
DISPLAY_NAME, CONTENT_COUNT, CONTENT_UNREAD, SUBFOLDERS, CONTAINER_CLASS = (
    0x3001,
    0x3602,
    0x3603,
    0x360A,
    0x3613,
)
ROW_ID, ROW_VER = 0x67F2, 0x67F3


def crc(data: bytes) -> int:
    """[MS-PST] 5.3: CRC-32 (reflected, polynomial 0xEDB88320) with no pre- or post-inversion."""
    return zlib.crc32(data, 0xFFFFFFFF) ^ 0xFFFFFFFF


def signature(ib: int, bid: int) -> int:
    """[MS-PST] 5.5 ComputeSig."""
    value = ib ^ bid
    return ((value >> 16) ^ value) & 0xFFFF


def filetime(when: datetime) -> bytes:
    ticks = int((when - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
    return struct.pack("<Q", ticks)


def unicode(value: str) -> bytes:
    return value.encode("utf-16-le")


Prop = tuple[int, int, bytes]  # (property id, property type, value bytes)


def prop(pid: int, kind: int, value: object) -> Prop:
    """A property with its value encoded for its type."""
    if kind == PT_UNICODE:
        data = unicode(str(value))
    elif kind == PT_LONG:
        data = struct.pack("<i", int(value))  # type: ignore[call-overload]
    elif kind == PT_SHORT:
        data = struct.pack("<h", int(value))  # type: ignore[call-overload]
    elif kind == PT_BOOLEAN:
        data = b"\x01" if value else b"\x00"
    elif kind == PT_SYSTIME:
        data = filetime(value)  # type: ignore[arg-type]
    elif kind in (PT_BINARY, PT_OBJECT):
        data = bytes(value)  # type: ignore[call-overload]
    else:
        raise ValueError(f"property type {kind:#x} is not written here")
    return (pid, kind, data)


# --- LTP: heap-on-node, BTH, PC, TC (2.3) ---------------------------------------------------


@dataclass
class Heap:
    """One heap-on-node in a single block; values over MAX_HEAP_ALLOC go to sub-nodes."""

    client_sig: int
    allocations: list[bytes] = field(default_factory=list)
    subnodes: list[tuple[int, bytes]] = field(default_factory=list)  # (nid, data)
    next_subnode: list[int] = field(default_factory=lambda: [1])

    def add(self, data: bytes) -> int:
        """Store `data` in the heap and return its HID (hidIndex is 1-based, block 0)."""
        if len(data) > MAX_HEAP_ALLOC:
            raise ValueError("too large for a heap allocation")
        self.allocations.append(data)
        return len(self.allocations) << 5

    def value(self, data: bytes) -> int:
        """An HNID for a variable-size value: a HID, or a sub-node NID for large values."""
        if len(data) <= MAX_HEAP_ALLOC:
            return self.add(data)
        nid = (self.next_subnode[0] << 5) | NID_TYPE_LTP
        self.next_subnode[0] += 1
        self.subnodes.append((nid, data))
        return nid

    def bth(self, key_size: int, entry_size: int, records: list[bytes]) -> int:
        """A BTH of one leaf level (2.3.2): its header's HID."""
        root = self.add(b"".join(records)) if records else 0
        return self.add(struct.pack("<BBBBI", 0xB5, key_size, entry_size, 0, root))

    def encode(self, user_root: int) -> bytes:
        body = b"".join(self.allocations)
        starts = [12]
        for allocation in self.allocations:
            starts.append(starts[-1] + len(allocation))
        page_map_at = starts[-1] + (starts[-1] & 1)
        header = struct.pack("<HBBII", page_map_at, 0xEC, self.client_sig, user_root, 0)
        pad = b"\x00" * (page_map_at - starts[-1])
        page_map = struct.pack(f"<HH{len(starts)}H", len(self.allocations), 0, *starts)
        data = header + body + pad + page_map
        if len(data) > MAX_BLOCK_DATA:
            raise ValueError("a heap larger than one block is not written here")
        return data


def property_context(props: list[Prop]) -> tuple[bytes, list[tuple[int, bytes]]]:
    """A PC (2.3.3): the node's data and its sub-nodes (values too large for the heap)."""
    heap = Heap(0xBC)
    records = []
    for pid, kind, data in sorted(props):
        cell = data.ljust(4, b"\x00") if kind in _INLINE else struct.pack("<I", heap.value(data))
        records.append(struct.pack("<HH", pid, kind) + cell)
    root = heap.bth(2, 6, records)
    return heap.encode(root), heap.subnodes


def _width(kind: int) -> int:
    if kind in _FIXED8:
        return 8
    if kind in (PT_SHORT,):
        return 2
    if kind == PT_BOOLEAN:
        return 1
    return 4  # PT_LONG and every variable-size type (an HNID)


def table_context(
    columns: list[tuple[int, int]], rows: list[dict[int, bytes]]
) -> tuple[bytes, list[tuple[int, bytes]]]:
    """A TC (2.3.4) with the given (property id, type) columns; each row maps property ids to
    encoded values and must hold ROW_ID (the row's NID)."""
    columns = [(ROW_ID, PT_LONG), (ROW_VER, PT_LONG)] + [
        c for c in columns if c[0] not in (ROW_ID, ROW_VER)
    ]
    rest = columns[2:]
    ordered = (
        columns[:2]
        + [c for c in rest if _width(c[1]) == 8]
        + [c for c in rest if _width(c[1]) == 4]
        + [c for c in rest if _width(c[1]) == 2]
        + [c for c in rest if _width(c[1]) == 1]
    )
    offsets: dict[int, tuple[int, int, int]] = {}  # pid -> (ib, cb, ibit)
    at = 0
    group_ends = {}
    for bit, (pid, kind) in enumerate(ordered):
        width = _width(kind)
        offsets[pid] = (at, width, bit)
        at += width
        group_ends[width] = at
    end4 = max(group_ends.get(8, 8), group_ends.get(4, 8))
    end2 = group_ends.get(2, end4)
    end1 = group_ends.get(1, end2)
    row_size = end1 + (len(ordered) + 7) // 8
    heap = Heap(0x7C)
    matrix = bytearray()
    for row in rows:
        cells = bytearray(row_size)
        for pid, kind in ordered:
            value = row.get(pid, b"\x01\x00\x00\x00" if pid == ROW_VER else None)
            if value is None:
                continue
            ib, cb, bit = offsets[pid]
            if kind in _INLINE or kind in _FIXED8:
                cells[ib : ib + cb] = value[:cb].ljust(cb, b"\x00")
            else:
                cells[ib : ib + 4] = struct.pack("<I", heap.value(value))
            cells[end1 + bit // 8] |= 0x80 >> (bit % 8)
        matrix += cells
    index = heap.bth(
        4,
        4,
        [
            struct.pack("<II", struct.unpack_from("<I", row[ROW_ID])[0], number)
            for number, row in sorted(
                enumerate(rows), key=lambda item: struct.unpack_from("<I", item[1][ROW_ID])[0]
            )
        ],
    )
    if not matrix:
        rows_hnid = 0
    elif len(matrix) <= MAX_HEAP_ALLOC:
        rows_hnid = heap.add(bytes(matrix))
    else:
        rows_hnid = heap.value(bytes(matrix))
    descriptors = b"".join(
        struct.pack("<IHBB", (pid << 16) | kind, *offsets[pid])
        for pid, kind in sorted(ordered, key=lambda c: (c[0] << 16) | c[1])
    )
    info = (
        struct.pack("<BB4HIII", 0x7C, len(ordered), end4, end2, end1, row_size, index, rows_hnid, 0)
        + descriptors
    )
    return heap.encode(heap.add(info)), heap.subnodes


# --- the messaging layer: what a test describes ------------------------------------------


@dataclass
class Recipient:
    name: str
    email: str
    kind: int = 1  # 1 To, 2 Cc, 3 Bcc


@dataclass
class FileAttachment:
    name: str
    data: bytes
    mime: str = "application/octet-stream"


@dataclass
class Message:
    message_class: str
    sender_name: str
    sender_email: str
    recipients: list[Recipient]
    sent: datetime
    subject: str = ""
    plain: str = ""
    html: str = ""
    topic: str = ""
    internet_id: str = ""
    files: list[FileAttachment] = field(default_factory=list)
    attached: list[Message] = field(default_factory=list)  # attached Outlook messages


@dataclass
class Folder:
    name: str
    messages: list[Message] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)
    container_class: str = "IPF.Note"


def message_props(message: Message) -> list[Prop]:
    props = [
        prop(0x001A, PT_UNICODE, message.message_class),
        prop(0x0039, PT_SYSTIME, message.sent),
        prop(0x0E06, PT_SYSTIME, message.sent),
        prop(0x3007, PT_SYSTIME, message.sent),
        prop(0x3008, PT_SYSTIME, message.sent),
        prop(0x0E07, PT_LONG, 1),  # MSGFLAG_READ
        prop(0x0017, PT_LONG, 1),  # importance: normal
        prop(0x0C1A, PT_UNICODE, message.sender_name),
        prop(0x0C1E, PT_UNICODE, "SMTP"),
        prop(0x0C1F, PT_UNICODE, message.sender_email),
        prop(0x5D01, PT_UNICODE, message.sender_email),
        prop(0x0042, PT_UNICODE, message.sender_name),
        prop(0x0064, PT_UNICODE, "SMTP"),
        prop(0x0065, PT_UNICODE, message.sender_email),
        prop(0x5D02, PT_UNICODE, message.sender_email),
        prop(0x0E1B, PT_BOOLEAN, bool(message.files or message.attached)),
    ]
    display_to = "; ".join(r.name for r in message.recipients if r.kind == 1)
    optional: list[tuple[int, int, object]] = [
        (0x0037, PT_UNICODE, message.subject),
        (0x0E1D, PT_UNICODE, message.subject),  # normalised subject
        (0x0070, PT_UNICODE, message.topic or message.subject),
        (0x0E04, PT_UNICODE, display_to),
        (0x1000, PT_UNICODE, message.plain),
        (0x1013, PT_BINARY, message.html.encode("utf-8")),
        (0x1035, PT_UNICODE, message.internet_id),
    ]
    props += [prop(pid, kind, value) for pid, kind, value in optional if value]
    return props


RECIPIENT_COLUMNS = [
    (0x0C15, PT_LONG),  # recipient type
    (0x0E0F, PT_BOOLEAN),  # responsibility
    (0x0FFE, PT_LONG),  # object type
    (0x3001, PT_UNICODE),
    (0x3002, PT_UNICODE),  # address type
    (0x3003, PT_UNICODE),
    (0x39FE, PT_UNICODE),  # SMTP address
    (0x3900, PT_LONG),  # display type
    (0x39FF, PT_UNICODE),  # 7-bit display name
]
ATTACHMENT_COLUMNS = [
    (0x0E20, PT_LONG),  # attach size
    (0x3704, PT_UNICODE),
    (0x3705, PT_LONG),  # attach method
    (0x370B, PT_LONG),  # rendering position
]
CONTENTS_COLUMNS = [
    (0x001A, PT_UNICODE),
    (0x0037, PT_UNICODE),
    (0x0039, PT_SYSTIME),
    (0x0E06, PT_SYSTIME),
    (0x0C1A, PT_UNICODE),
    (0x0E04, PT_UNICODE),
    (0x0E07, PT_LONG),
    (0x0E1B, PT_BOOLEAN),
]
HIERARCHY_COLUMNS = [
    (DISPLAY_NAME, PT_UNICODE),
    (CONTENT_COUNT, PT_LONG),
    (CONTENT_UNREAD, PT_LONG),
    (SUBFOLDERS, PT_BOOLEAN),
    (CONTAINER_CLASS, PT_UNICODE),
]


def _row(nid: int, props: list[Prop], columns: list[tuple[int, int]]) -> dict[int, bytes]:
    wanted = {pid for pid, _ in columns}
    row = {pid: data for pid, _, data in props if pid in wanted}
    row[ROW_ID] = struct.pack("<I", nid)
    return row


@dataclass
class Node:
    nid: int
    data: bytes
    parent: int = 0
    subnodes: list[Node] = field(default_factory=list)


def _subnode_nodes(pairs: list[tuple[int, bytes]]) -> list[Node]:
    return [Node(nid, data) for nid, data in pairs]


def message_node(nid: int, message: Message, parent: int) -> Node:
    """A message's node: its PC, and sub-nodes for its recipient and attachment tables, its
    attachments (attached messages as each attachment's object sub-node) and large values."""
    data, large = property_context(message_props(message))
    node = Node(nid, data, parent, _subnode_nodes(large))
    rows = []
    for number, recipient in enumerate(message.recipients):
        props = [
            prop(0x0C15, PT_LONG, recipient.kind),
            prop(0x0E0F, PT_BOOLEAN, False),
            prop(0x0FFE, PT_LONG, 6),  # MAPI_MAILUSER
            prop(0x3001, PT_UNICODE, recipient.name),
            prop(0x3002, PT_UNICODE, "SMTP"),
            prop(0x3003, PT_UNICODE, recipient.email),
            prop(0x39FE, PT_UNICODE, recipient.email),
            prop(0x3900, PT_LONG, 0),  # DT_MAILUSER
            prop(0x39FF, PT_UNICODE, recipient.name),
        ]
        rows.append(_row(number, props, RECIPIENT_COLUMNS))
    table, large = table_context(RECIPIENT_COLUMNS, rows)
    node.subnodes.append(Node(NID_RECIPIENT_TABLE, table, 0, _subnode_nodes(large)))
    attachments: list[tuple[list[Prop], Node | None]] = []
    for file in message.files:
        attachments.append(
            (
                [
                    prop(0x3705, PT_LONG, 1),  # ATTACH_BY_VALUE
                    prop(0x3704, PT_UNICODE, file.name[:8]),
                    prop(0x3707, PT_UNICODE, file.name),
                    prop(0x370E, PT_UNICODE, file.mime),
                    prop(0x0E20, PT_LONG, len(file.data)),
                    prop(0x370B, PT_LONG, -1),
                    prop(0x3701, PT_BINARY, file.data),
                ],
                None,
            )
        )
    for index, inner in enumerate(message.attached):
        object_nid = ((0x100 + index) << 5) | NID_TYPE_NORMAL_MESSAGE
        inner_node = message_node(object_nid, inner, 0)
        attachments.append(
            (
                [
                    prop(0x3705, PT_LONG, 5),  # ATTACH_EMBEDDED_MSG
                    prop(0x3001, PT_UNICODE, inner.subject or "message"),
                    prop(0x0E20, PT_LONG, len(inner_node.data)),
                    prop(0x370B, PT_LONG, -1),
                    prop(0x3701, PT_OBJECT, struct.pack("<II", object_nid, len(inner_node.data))),
                ],
                inner_node,
            )
        )
    if attachments:
        rows = []
        for index, (props, inner_node) in enumerate(attachments):
            nid = ((index + 1) << 5) | NID_TYPE_ATTACHMENT
            rows.append(_row(nid, props, ATTACHMENT_COLUMNS))
            data, large = property_context(props)
            child = Node(nid, data, 0, _subnode_nodes(large))
            if inner_node is not None:
                child.subnodes.append(inner_node)
            node.subnodes.append(child)
        table, large = table_context(ATTACHMENT_COLUMNS, rows)
        node.subnodes.append(Node(NID_ATTACHMENT_TABLE, table, 0, _subnode_nodes(large)))
    return node


def _entry_id(nid: int) -> bytes:
    """A PST entry identifier (2.4.3.2): flags, the store's provider UID, the NID."""
    return b"\x00" * 4 + _PROVIDER_UID + struct.pack("<I", nid)


class _Numbers:
    def __init__(self) -> None:
        self.folder = 0x400
        self.message = 0x10000

    def folder_nid(self) -> int:
        self.folder += 1
        return (self.folder << 5) | NID_TYPE_NORMAL_FOLDER

    def message_nid(self) -> int:
        self.message += 1
        return (self.message << 5) | NID_TYPE_NORMAL_MESSAGE


def folder_nodes(
    folder: Folder, nid: int, parent: int, numbers: _Numbers, named: dict[str, int]
) -> list[Node]:
    """A folder's PC, its three tables, its messages and its sub-folders, depth first."""
    named[folder.name] = nid
    nodes: list[Node] = []
    child_rows = []
    for sub in folder.folders:
        sub_nid = numbers.folder_nid()
        nodes.extend(folder_nodes(sub, sub_nid, nid, numbers, named))
        child_rows.append(_row(sub_nid, _folder_props(sub), HIERARCHY_COLUMNS))
    content_rows = []
    for message in folder.messages:
        message_nid = numbers.message_nid()
        nodes.append(message_node(message_nid, message, nid))
        content_rows.append(_row(message_nid, message_props(message), CONTENTS_COLUMNS))
    data, large = property_context(_folder_props(folder))
    own = [Node(nid, data, parent, _subnode_nodes(large))]
    index = nid & ~0x1F
    for kind, columns, rows in (
        (NID_TYPE_HIERARCHY_TABLE, HIERARCHY_COLUMNS, child_rows),
        (NID_TYPE_CONTENTS_TABLE, CONTENTS_COLUMNS, content_rows),
        (NID_TYPE_ASSOC_CONTENTS_TABLE, CONTENTS_COLUMNS, []),
    ):
        table, large = table_context(columns, rows)
        own.append(Node(index | kind, table, 0, _subnode_nodes(large)))
    return own + nodes


def _folder_props(folder: Folder) -> list[Prop]:
    props = [
        prop(DISPLAY_NAME, PT_UNICODE, folder.name) if folder.name else None,
        prop(CONTENT_COUNT, PT_LONG, len(folder.messages)),
        prop(CONTENT_UNREAD, PT_LONG, 0),
        prop(SUBFOLDERS, PT_BOOLEAN, bool(folder.folders)),
        prop(CONTAINER_CLASS, PT_UNICODE, folder.container_class)
        if folder.container_class
        else None,
    ]
    return [p for p in props if p is not None]


def store_nodes(top: Folder, display_name: str) -> list[Node]:
    """Every node of a store whose root folder (NID 0x122) holds `top`'s folders."""
    numbers = _Numbers()
    named: dict[str, int] = {}
    nodes = folder_nodes(top, NID_ROOT_FOLDER, NID_ROOT_FOLDER, numbers, named)
    ipm = named.get("Top of Information Store", NID_ROOT_FOLDER)
    store = [
        prop(0x0FF9, PT_BINARY, _PROVIDER_UID),  # record key
        prop(DISPLAY_NAME, PT_UNICODE, display_name),
        prop(0x35E0, PT_BINARY, _entry_id(ipm)),  # IPM sub-tree
        prop(0x35E3, PT_BINARY, _entry_id(named.get("Deleted Items", ipm))),
        prop(0x35E7, PT_BINARY, _entry_id(ipm)),  # finder (search root), here the sub-tree
        prop(0x67FF, PT_LONG, 0),  # no password
    ]
    data, _ = property_context(store)
    name_map = [
        prop(0x0001, PT_LONG, 251),  # bucket count
        # One named property (2.4.7): PidLidPrivate (0x8506) of PSETID_Common, as 0x8000.
        prop(0x0002, PT_BINARY, _PSETID_COMMON),  # the GUID stream
        prop(0x0003, PT_BINARY, struct.pack("<IHH", 0x8506, 3 << 1, 0)),  # the entry stream
        prop(0x0004, PT_BINARY, b"\x00\x00\x00\x00"),  # the string stream (no names)
    ]
    map_data, _ = property_context(name_map)
    return [Node(NID_MESSAGE_STORE, data), Node(NID_NAME_TO_ID_MAP, map_data), *nodes]


# --- NDB: blocks, sub-node trees, B-trees and the header (2.2) ---------------------------


class _File:
    def __init__(self) -> None:
        self.out = bytearray(DATA_AT)
        self.bbt: list[tuple[int, int, int]] = []  # (bid, ib, cb)
        self.next_bid = 1
        self.next_page = 1

    def _bid(self, internal: bool) -> int:
        self.next_bid += 1
        return (self.next_bid << 2) | (2 if internal else 0)

    def block(self, data: bytes, internal: bool = False) -> int:
        if len(data) > MAX_BLOCK_DATA:
            raise ValueError("block too large")
        bid = self._bid(internal)
        ib = len(self.out)
        size = (len(data) + 16 + 63) // 64 * 64
        trailer = struct.pack("<HHIQ", len(data), signature(ib, bid), crc(data), bid)
        self.out += data + b"\x00" * (size - 16 - len(data)) + trailer
        self.bbt.append((bid, ib, len(data)))
        return bid

    def data(self, data: bytes) -> int:
        """A node's data: one block, or a data tree (XBLOCK) over several (2.2.2.8.3.2.1)."""
        if len(data) <= MAX_BLOCK_DATA:
            return self.block(data)
        bids = [
            self.block(data[at : at + MAX_BLOCK_DATA]) for at in range(0, len(data), MAX_BLOCK_DATA)
        ]
        header = struct.pack("<BBHI", 0x01, 0x01, len(bids), len(data))
        return self.block(header + struct.pack(f"<{len(bids)}Q", *bids), internal=True)

    def subnodes(self, nodes: list[Node]) -> int:
        """A one-level sub-node tree (SLBLOCK, 2.2.2.8.3.3.1), or 0 when there are none."""
        if not nodes:
            return 0
        entries = b"".join(
            struct.pack("<QQQ", node.nid, self.data(node.data), self.subnodes(node.subnodes))
            for node in sorted(nodes, key=lambda node: node.nid)
        )
        header = struct.pack("<BBHI", 0x02, 0x00, len(nodes), 0)
        return self.block(header + entries, internal=True)

    def page(self, ptype: int, body: bytes, at: int | None = None, sig: bool = True) -> int:
        ib = len(self.out) if at is None else at
        if at is None:
            self.next_page += 1
            bid = self.next_page
        else:
            bid = at  # the allocation and density maps carry their offset as their id
        trailer = struct.pack(
            "<BBHIQ", ptype, ptype, signature(ib, bid) if sig else 0, crc(body), bid
        )
        page = body.ljust(496, b"\x00") + trailer
        if at is None:
            self.out += page
        else:
            self.out[at : at + PAGE] = page
        return bid

    def btree(self, ptype: int, entries: list[bytes], entry_size: int) -> tuple[int, int]:
        """The B-tree over sorted leaf entries (keys in their first 8 bytes): its root BREF."""
        level, per_page = 0, 488 // entry_size
        while True:
            refs = []
            for start in range(0, max(len(entries), 1), per_page):
                chunk = entries[start : start + per_page]
                ib = len(self.out)
                body = b"".join(chunk).ljust(488, b"\x00") + struct.pack(
                    "<BBBB4x", len(chunk), per_page, entry_size, level
                )
                bid = self.page(ptype, body)
                refs.append(struct.pack("<QQQ", _key(chunk), bid, ib))
            if len(refs) == 1:
                return bid, ib
            entries, level, entry_size, per_page = refs, level + 1, 24, 20


def _key(chunk: list[bytes]) -> int:
    return struct.unpack_from("<Q", chunk[0])[0] if chunk else 0


def write_pst(path: Path, top: Folder, display_name: str = "Personal Folders") -> Path:
    """Write a Unicode PST whose root folder holds `top`'s messages and folders."""
    nodes = store_nodes(top, display_name)
    file = _File()
    nbt = []
    for node in sorted(nodes, key=lambda node: node.nid):
        bid_data = file.data(node.data)
        bid_sub = file.subnodes(node.subnodes)
        nbt.append(struct.pack("<QQQII", node.nid, bid_data, bid_sub, node.parent, 0))
    file.out += b"\x00" * (-len(file.out) % PAGE)
    bbt = [struct.pack("<QQHHI", bid, ib, cb, 2, 0) for bid, ib, cb in sorted(file.bbt)]
    nbt_root = file.btree(0x81, nbt, 32)
    bbt_root = file.btree(0x80, bbt, 24)
    end = len(file.out)
    if end > AMAP_AT + AMAP_SPAN:
        raise ValueError("the file would need a second allocation map; not written here")
    used = (end - AMAP_AT) // 64
    bitmap = bytearray(496)
    for slot in range(used):
        bitmap[slot // 8] |= 0x80 >> (slot % 8)
    file.page(0x84, bytes(bitmap), at=AMAP_AT, sig=False)
    file.page(0x83, b"\xff" * 496, at=PMAP_AT, sig=False)
    free = AMAP_SPAN - used * 64
    file.out[:564] = _header(end, free, nbt_root, bbt_root, file)
    path.write_bytes(bytes(file.out))
    return path


def _header(end: int, free: int, nbt: tuple[int, int], bbt: tuple[int, int], file: _File) -> bytes:
    rgnid = [0x400] * 32
    rgnid[NID_TYPE_NORMAL_FOLDER] = 0x4000
    rgnid[NID_TYPE_NORMAL_MESSAGE] = 0x20000
    root = struct.pack("<IQQQQQQQQBBH", 0, end, AMAP_AT, free, 0, *nbt, *bbt, 0x02, 0, 0)
    after_magic = (
        struct.pack("<HHHBBII", 0x4D53, 23, 19, 1, 1, 0, 0)
        + struct.pack("<QQI", 0, file.next_page + 1, 1)
        + struct.pack("<32I", *rgnid)
        + b"\x00" * 8
        + root
        + b"\x00" * 4  # dwAlign
        + b"\xff" * 128  # rgbFM
        + b"\xff" * 128  # rgbFP
        + struct.pack("<BBH", 0x80, 0, 0)  # sentinel, no encryption
        + struct.pack("<Q", ((file.next_bid + 1) << 2))
    )
    assert len(after_magic) == 516, len(after_magic)
    partial = crc(after_magic[:471])
    full = crc(after_magic)
    header = b"!BDN" + struct.pack("<I", partial) + after_magic + struct.pack("<I", full)
    return header + b"\x00" * 36
