"""Demo community (DESIGN §10) of Smart eG, made through the community services, once:

* posts in every state: one **awaiting moderation** (Lena Fischer's), **published** ones (Anna Schmidt's
  offer of her rehearsal room, Jonas Weber's **urgent substitution**), one **rejected** with its reason
  (Lena's), and one **expired** (Anna's, published, its active-until day moved into the past afterwards, as
  time passing would have done);
* two opted-in profiles (Anna and Jonas); Lena's profile stays hidden (profiles are off by default);
* Anna's subscription to music and education posts, so the urgent substitution was mailed to her at once
  and the weekly digest (``send_community_digest``) has something for her.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction

from portal.accounts.models import User
from portal.community import rules, services
from portal.community.models import CommunityPost
from portal.core.scope import Scope
from portal.entities.models import IssuingEntity


def _data(title: str, description: str, today: date, **fields: Any) -> services.PostData:
    values: dict[str, Any] = {
        "title": title,
        "description": description,
        "kind": "offer",
        "category": "resource",
        "sector": "music",
        "city": "Berlin",
        "contact": "",
        "link": "",
        "active_until": today + timedelta(days=45),
        "urgent": False,
    }
    values.update(fields)
    return services.PostData(**values)


def seed_demo_journeys(entities: dict[str, IssuingEntity]) -> None:
    sc = entities["SC"]
    anna, jonas, lena, staff = (
        User.objects.get(email=email)
        for email in ("member@example.com", "member2@example.com", "member3@example.com", "staff@example.com")
    )
    if CommunityPost.objects.filter(author__in=[anna, jonas, lena]).exists():
        return
    today = rules.entity_today(sc.time_zone)
    scope = Scope.staff(staff, [sc.pk])
    with transaction.atomic():
        services.subscription_save(
            member=anna,
            categories=["education", "cooperation"],
            sectors=["music"],
            weekly_digest=True,
            urgent_at_once=True,
        )
        for member, sector, city, skills, website in (
            (anna, "design", "Berlin", "Grafikdesign, Illustration, Klavier", "https://anna-schmidt.example"),
            (jonas, "music", "Leipzig", "Schlagzeug, Tontechnik, Musikunterricht für Kinder", ""),
        ):
            services.profile_save(
                member=member,
                data=services.ProfileData(visible=True, sector=sector, city=city, skills=skills, website=website),
            )

        def post(member: User, data: services.PostData) -> CommunityPost:
            return services.post_create(member=member, entity_id=sc.pk, data=data)

        room = post(
            anna,
            _data(
                "Proberaum tageweise frei",
                "Mein Proberaum in Kreuzberg (25 m², Klavier, Verstärker) ist dienstags und donnerstags frei.",
                today,
                contact=anna.email,
            ),
        )
        services.post_approve(staff=staff, scope=scope, post_id=room.pk)
        urgent = post(
            jonas,
            _data(
                "Dringend: Vertretung Musikschule nächste Woche",
                "Ich suche eine Vertretung für meinen Schlagzeugunterricht (Kinder, 8–12 Jahre), Montag bis Mittwoch.",
                today,
                kind="search",
                category="education",
                city="Leipzig",
                contact="0341 123456",
                urgent=True,
                active_until=today + timedelta(days=10),
            ),
        )
        services.post_approve(staff=staff, scope=scope, post_id=urgent.pk)
        post(
            lena,
            _data(
                "Kooperation für ein Tanzprojekt",
                "Für ein Tanzprojekt im Sommer suche ich Musiker*innen und eine Lichtgestaltung.",
                today,
                kind="search",
                category="cooperation",
                sector="performing_arts",
                contact=lena.email,
                link="https://lena-fischer.example/projekt",
            ),
        )
        rejected = post(
            lena,
            _data(
                "Verkaufe Kamera",
                "Gebrauchte Kamera für 900 €.",
                today,
                sector="visual_arts",
                contact=lena.email,
            ),
        )
        services.post_reject(
            staff=staff,
            scope=scope,
            post_id=rejected.pk,
            reason="Verkäufe gehören nicht in die Community; als Leihgabe (Ressource) gerne.",
        )
        old = post(
            anna,
            _data(
                "Workshop Bühnenbild",
                "Zweitägiger Workshop im Oktober.",
                today,
                category="education",
                sector="design",
                contact=anna.email,
            ),
        )
        services.post_approve(staff=staff, scope=scope, post_id=old.pk)
        CommunityPost.objects.filter(pk=old.pk).update(active_until=today - timedelta(days=3))
