from django.contrib.auth import views as auth_views
from django.urls import path

from . import feeds, ratelimit
from .views import (
    access,
    accounts,
    api,
    business,
    consumer,
    consumer_replies,
    embeds,
    exports,
    health,
    journalists,
    letters,
    moderation,
    mydata,
    narrative,
    public,
    statements,
)

urlpatterns = [
    # Public
    path("", public.home, name="home"),
    path("companies/search/", public.company_search, name="company_search"),
    path("leaderboard/", public.leaderboard, name="leaderboard"),
    path("companies/", public.company_list, name="company_list"),
    path(
        "companies/<slug:slug>/",
        access.follow_merged(public.company_detail),
        name="company_detail",
    ),
    path("companies/<slug:slug>/claim/", business.company_claim, name="company_claim"),
    path("methodology/", public.methodology, name="methodology"),
    path("toegankelijkheid/", public.accessibility, name="accessibility"),
    path("transparantie/", statements.transparency_page, name="transparency"),
    # An author's statement of reasons and their appeal (journeys/views/statements.py)
    path("statements/<int:pk>/", statements.statement_detail, name="statement_detail"),
    path("statements/<int:pk>/appeal/", statements.statement_appeal, name="statement_appeal"),
    path("robots.txt", public.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/leaderboard", api.leaderboard, name="api_leaderboard"),
    path(
        "api/v1/companies/<slug:slug>",
        access.follow_merged(api.company),
        name="api_company",
    ),
    path("api/v1/snapshots", api.snapshots, name="api_snapshots"),
    path("api/v1/snapshots/<int:pk>", api.snapshot, name="api_snapshot"),
    path(
        "api/v1/snapshots/<int:pk>/leaderboard",
        api.snapshot_leaderboard,
        name="api_snapshot_leaderboard",
    ),
    path(
        "api/v1/snapshots/<int:pk>/companies/<slug:slug>",
        access.follow_merged(api.snapshot_company),
        name="api_snapshot_company",
    ),
    path(
        "api/v1/snapshots/<int:pk>/files/<str:name>",
        exports.snapshot_file,
        name="api_snapshot_file",
    ),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path(
        "exports/leaderboard.csv",
        exports.current_file,
        {"name": "leaderboard.csv"},
        name="export_leaderboard",
    ),
    path(
        "exports/journeys.csv",
        exports.current_file,
        {"name": "journeys.csv"},
        name="export_journeys",
    ),
    path("exports/replies.csv", exports.replies_csv, name="export_replies"),
    path("exports/<str:name>", exports.current_file, name="export_file"),
    # Frozen, citable figures
    path("snapshots/", public.snapshot_list, name="snapshot_list"),
    path("snapshots/<int:pk>/", public.snapshot_leaderboard, name="snapshot_leaderboard"),
    path(
        "snapshots/<int:pk>/companies/<slug:slug>/",
        access.follow_merged(public.snapshot_company),
        name="snapshot_company",
    ),
    path("snapshots/<int:pk>/files/<str:name>", exports.snapshot_file, name="snapshot_file"),
    path("feeds/", feeds.AllFeed(), name="feed_all"),
    path("feeds/sectors/<str:sector>/", feeds.SectorFeed(), name="feed_sector"),
    path(
        "feeds/companies/<slug:slug>/",
        access.follow_merged(feeds.CompanyFeed()),
        name="feed_company",
    ),
    # Embeds: frozen to a snapshot, or "latest"; the only pages other sites may frame
    path(
        "embed/snapshots/<int:pk>/companies/<slug:slug>/",
        embeds.company_embed,
        name="embed_snapshot_company",
    ),
    path(
        "embed/snapshots/<int:pk>/companies/<slug:slug>/badge.svg",
        embeds.company_badge,
        name="embed_snapshot_badge",
    ),
    path("embed/companies/<slug:slug>/latest/", embeds.company_embed, name="embed_company_latest"),
    path(
        "embed/companies/<slug:slug>/latest/badge.svg",
        embeds.company_badge,
        name="embed_badge_latest",
    ),
    path("oembed", embeds.oembed, name="oembed"),
    path("alerts/", journalists.alert_create, name="alert_create"),
    path("alerts/<str:token>/confirm/", journalists.alert_confirm, name="alert_confirm"),
    path(
        "alerts/<str:token>/unsubscribe/",
        journalists.alert_unsubscribe,
        name="alert_unsubscribe",
    ),
    path("snapshots/<int:pk>/changes/", journalists.snapshot_changes, name="snapshot_changes"),
    path(
        "snapshots/<int:pk>/datapackage.json",
        public.snapshot_datapackage,
        name="snapshot_datapackage",
    ),
    # Accounts
    path("accounts/signup/", ratelimit.limit_signup(accounts.signup), name="signup"),
    path("accounts/verify/<str:token>/", accounts.verify_email, name="verify_email"),
    path("accounts/verify-again/", accounts.resend_verification, name="resend_verification"),
    path(
        "accounts/login/",
        ratelimit.limit_login(accounts.Login.as_view()),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        ratelimit.limit_reset(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Consumer: my journeys
    path("journeys/", consumer.journey_list, name="journey_list"),
    path("journeys/new/", narrative.journey_create, name="journey_create"),
    path("journeys/<int:pk>/", consumer.journey_detail, name="journey_detail"),
    path("journeys/<int:pk>/edit/", consumer.journey_edit, name="journey_edit"),
    path("journeys/<int:pk>/delete/", consumer.journey_delete, name="journey_delete"),
    path(
        "journeys/<int:pk>/submit/",
        ratelimit.limit_submit(consumer.journey_submit),
        name="journey_submit",
    ),
    path("journeys/<int:pk>/story/", consumer.journey_story, name="journey_story"),
    path(
        "journeys/<int:pk>/story/preview/",
        consumer.journey_story_preview,
        name="journey_story_preview",
    ),
    path("journeys/<int:pk>/steps/", consumer.step_add, name="step_add"),
    # Tell it in your own words (journeys/views/narrative.py)
    path("journeys/<int:pk>/narrative/", narrative.narrative_propose, name="narrative_propose"),
    path(
        "journeys/<int:pk>/narrative/accept/",
        narrative.narrative_accept,
        name="narrative_accept",
    ),
    path("journeys/<int:pk>/steps/fields/", consumer.step_form_fields, name="step_form_fields"),
    path("journeys/<int:pk>/steps/<int:step_pk>/edit/", consumer.step_edit, name="step_edit"),
    path("journeys/<int:pk>/steps/<int:step_pk>/delete/", consumer.step_delete, name="step_delete"),
    path("journeys/<int:pk>/steps/<int:step_pk>/move/", consumer.step_move, name="step_move"),
    path("journeys/<int:pk>/steps/<int:step_pk>/again/", consumer.step_again, name="step_again"),
    # The consumer's own data (journeys/views/mydata.py)
    path("journeys/<int:pk>/timeline/", mydata.journey_timeline, name="journey_timeline"),
    path("journeys/<int:pk>/consent/withdraw/", mydata.consent_withdraw, name="consent_withdraw"),
    path("accounts/data/", mydata.data_download, name="data_download"),
    # The consumer's letters and evidence (journeys/views/letters.py)
    path("journeys/<int:pk>/letters/new/", letters.letter_new, name="letter_new"),
    path("journeys/<int:pk>/letters/<int:letter_pk>/", letters.letter_edit, name="letter_edit"),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/delete/",
        letters.letter_delete,
        name="letter_delete",
    ),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/sent/", letters.letter_sent, name="letter_sent"
    ),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/answer/",
        letters.letter_answer,
        name="letter_answer",
    ),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/print/",
        letters.letter_print,
        name="letter_print",
    ),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/letter.pdf",
        letters.letter_pdf,
        name="letter_pdf",
    ),
    path(
        "journeys/<int:pk>/letters/<int:letter_pk>/answer-due.ics",
        letters.letter_calendar,
        name="letter_calendar",
    ),
    path("journeys/<int:pk>/evidence.pdf", letters.evidence_pdf, name="evidence_pdf"),
    path("journeys/<int:pk>/evidence.zip", letters.evidence_zip, name="evidence_zip"),
    path("accounts/delete/", mydata.account_delete, name="account_delete"),
    # The consumer and a company's right of reply (journeys/views/consumer_replies.py)
    path("journeys/<int:pk>/handover/", consumer_replies.journey_handover, name="journey_handover"),
    path(
        "journeys/<int:pk>/handover/withdraw/",
        consumer_replies.journey_handover_withdraw,
        name="journey_handover_withdraw",
    ),
    path("journeys/<int:pk>/reply/", consumer_replies.journey_reply, name="journey_reply"),
    # Company representatives (journeys/views/business.py)
    path("business/", business.dashboard, name="business_dashboard"),
    path("business/claims/<str:token>/", business.claim_confirm, name="claim_confirm"),
    path(
        "business/unsubscribe/<str:token>/",
        business.digest_unsubscribe,
        name="digest_unsubscribe",
    ),
    path("business/<slug:slug>/", business.company_journeys, name="business_company"),
    path(
        "business/<slug:slug>/journeys/<int:pk>/",
        business.journey_page,
        name="business_journey",
    ),
    path(
        "business/<slug:slug>/journeys/<int:pk>/reply/",
        business.reply_create,
        name="business_reply",
    ),
    path(
        "business/<slug:slug>/journeys/<int:pk>/flag/",
        business.flag_create,
        name="business_flag",
    ),
    path(
        "business/<slug:slug>/journeys/<int:pk>/ask-contact/",
        business.handover_ask,
        name="business_handover_ask",
    ),
    # Public reports of a published story, into the moderation queue
    path("stories/<int:pk>/report/", public.story_report, name="story_report"),
    # Moderation (journeys/views/moderation.py)
    path("moderation/", moderation.queue, name="moderation_queue"),
    path("moderation/journeys/<int:pk>/", moderation.journey_review, name="moderation_journey"),
    path(
        "moderation/journeys/<int:pk>/approve/",
        moderation.journey_approve,
        name="moderation_approve",
    ),
    path(
        "moderation/journeys/<int:pk>/reject/", moderation.journey_reject, name="moderation_reject"
    ),
    path(
        "moderation/journeys/<int:pk>/request-changes/",
        moderation.journey_request_changes,
        name="moderation_request_changes",
    ),
    path("moderation/journeys/<int:pk>/redact/", moderation.story_redact, name="moderation_redact"),
    path(
        "moderation/journeys/<int:pk>/unredact/<int:index>/",
        moderation.story_unredact,
        name="moderation_unredact",
    ),
    path(
        "moderation/journeys/<int:pk>/dismiss-reports/",
        moderation.flags_dismiss,
        name="moderation_flags_dismiss",
    ),
    path(
        "moderation/appeals/<int:pk>/decide/",
        moderation.appeal_decide,
        name="moderation_appeal_decide",
    ),
    path("moderation/companies/", moderation.companies, name="moderation_companies"),
    path(
        "moderation/companies/<int:pk>/accept/",
        moderation.company_accept,
        name="moderation_company_accept",
    ),
    path(
        "moderation/companies/<int:pk>/reject/",
        moderation.company_reject,
        name="moderation_company_reject",
    ),
    path("moderation/companies/merge/", moderation.company_merge, name="moderation_company_merge"),
    path("moderation/business/", moderation.business, name="moderation_business"),
    path(
        "moderation/claims/<int:pk>/approve/",
        moderation.claim_approve,
        name="moderation_claim_approve",
    ),
    path(
        "moderation/claims/<int:pk>/reject/",
        moderation.claim_reject,
        name="moderation_claim_reject",
    ),
    path(
        "moderation/claims/<int:pk>/revoke/",
        moderation.representative_revoke,
        name="moderation_representative_revoke",
    ),
    path(
        "moderation/replies/<int:pk>/approve/",
        moderation.reply_approve,
        name="moderation_reply_approve",
    ),
    path(
        "moderation/replies/<int:pk>/reject/",
        moderation.reply_reject,
        name="moderation_reply_reject",
    ),
    path(
        "moderation/companies/dispute-body/",
        moderation.company_dispute_body,
        name="moderation_company_dispute_body",
    ),
]
