"""Fuzz targets of the general assembly: the members' pages and the Smart team's (see ``world_assembly``)."""

from tests.fuzz.targets import PAGE, Target, get, pk, post, url
from tests.fuzz.world import World

DETAIL = url("assembly:detail", pk("assembly"))
STAFF_DETAIL = url("backoffice:assembly_detail", pk("assembly"))


def _item(world: World) -> object:
    return world.assembly_item.pk


def candidates(world: World) -> dict[str, list[str]]:
    first = world.assembly_election.candidates.first()
    return {f"vote{world.assembly_election.pk}-candidates": [str(first.pk) if first else ""]}


def new_vote(world: World) -> dict[str, list[str]]:
    prefix = f"vote-{world.assembly_item.pk}"
    return {
        f"{prefix}-question": ["Weiteres?"],
        f"{prefix}-kind": ["question"],
        f"{prefix}-opens_at": ["2099-01-01T09:00"],
        f"{prefix}-closes_at": ["2099-01-02T09:00"],
    }


ASSEMBLY_TARGETS: list[Target] = [
    get("assembly:list", "member", extra=PAGE),
    get("assembly:detail", "member", pk("assembly")),
    post(
        "assembly:ballot_cast",
        "member",
        pk("assembly"),
        pk("assembly_question"),
        source=DETAIL,
        values=lambda world: {f"vote{world.assembly_question.pk}-choice": ["yes"]},
        key="assembly:ballot_cast-question",
    ),
    post(
        "assembly:ballot_cast",
        "member",
        pk("assembly"),
        pk("assembly_election"),
        source=DETAIL,
        values=candidates,
        key="assembly:ballot_cast-election",
    ),
    post(
        "assembly:proxy_submit",
        "member2",
        pk("assembly"),
        source=DETAIL,
        upload="file",
        values={"proxy_number": ["000101"]},
    ),
    post("assembly:proxy_withdraw", "member", pk("assembly"), pk("proxy"), source=DETAIL),
    get("assembly:proxy_file", "member", pk("assembly"), pk("proxy")),
    get("assembly:document_file", "member", pk("assembly"), pk("assembly_document")),
    get("assembly:minutes_file", "member", pk("assembly")),
    get("backoffice:assembly_list", "staff", extra=PAGE),
    post(
        "backoffice:assembly_create",
        "staff",
        values=lambda world: {"entity": [str(world.assembly.entity_id)], "starts_at": ["2099-03-01T18:00"]},
    ),
    get("backoffice:assembly_detail", "staff", pk("assembly")),
    post("backoffice:assembly_edit", "staff", pk("assembly")),
    post("backoffice:assembly_item_add", "staff", pk("assembly"), source=STAFF_DETAIL),
    post("backoffice:assembly_vote_add", "staff", pk("assembly"), _item, source=STAFF_DETAIL, values=new_vote),
    post("backoffice:assembly_document_add", "staff", pk("assembly"), source=STAFF_DETAIL, upload="document-file"),
    post("backoffice:assembly_document_delete", "staff", pk("assembly"), pk("assembly_document"), source=STAFF_DETAIL),
    get("backoffice:assembly_item_edit", "staff", pk("assembly"), _item),
    post("backoffice:assembly_item_edit", "staff", pk("assembly"), _item),
    post("backoffice:assembly_item_delete", "staff", pk("assembly"), _item, source=STAFF_DETAIL),
    get("backoffice:assembly_vote_edit", "staff", pk("assembly"), pk("assembly_question")),
    post("backoffice:assembly_vote_edit", "staff", pk("assembly"), pk("assembly_question")),
    post("backoffice:assembly_vote_delete", "staff", pk("assembly"), pk("assembly_question"), source=STAFF_DETAIL),
    post("backoffice:assembly_invite", "staff", pk("assembly"), source=STAFF_DETAIL),
    post("backoffice:assembly_minutes_upload", "staff", pk("assembly"), source=STAFF_DETAIL, upload="minutes-file"),
    post("backoffice:assembly_proxy_accept", "staff", pk("assembly"), pk("proxy"), source=STAFF_DETAIL),
    post(
        "backoffice:assembly_proxy_reject",
        "staff",
        pk("assembly"),
        pk("proxy"),
        source=STAFF_DETAIL,
        values=lambda world: {f"reject-{world.proxy.pk}-reason": ["Nicht unterschrieben"]},
    ),
    get("backoffice:assembly_proxy_file", "staff", pk("assembly"), pk("proxy")),
    get("backoffice:assembly_document_file", "staff", pk("assembly"), pk("assembly_document")),
    get("backoffice:assembly_minutes_file", "staff", pk("assembly")),
    get("assembly:detail", "member2", pk("assembly"), key="assembly:detail-member2"),
]
