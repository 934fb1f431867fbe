from django.urls import path, re_path

from motcua.desk import reform_views as views

urlpatterns = [
    path("", views.home, name="reform-home"),
    path("ke-hoach/tao/", views.plan_create, name="reform-plan-create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="reform-plan"),
    re_path(r"^ke-hoach/(?P<pk>[0-9]+)/tai\.(?P<fmt>xlsx|docx)$", views.plan_export, name="reform-plan-export"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="reform-task"),
    path("nhiem-vu/<int:pk>/xoa/", views.task_delete, name="reform-task-delete"),
    path("tep/<slug:kind>/<int:pk>/", views.file_download, name="reform-file"),
    path("kiem-tra/", views.inspection_list, name="reform-inspections"),
    path("kiem-tra/tao/", views.inspection_create, name="reform-inspection-create"),
    path("kiem-tra/<int:pk>/", views.inspection_detail, name="reform-inspection"),
    path("kiem-tra/<int:pk>/ky/", views.inspection_sign, name="reform-inspection-sign"),
    path("kiem-tra/<int:pk>/so-lieu/<slug:measure>/", views.evidence_records, name="reform-evidence"),
    re_path(r"^kiem-tra/(?P<pk>[0-9]+)/bien-ban\.(?P<fmt>pdf|docx)$", views.inspection_record, name="reform-record"),
    path("kiem-tra/tieu-chi/<int:pk>/", views.checklist_assess, name="reform-assess"),
    path("kiem-tra/xoa/<slug:kind>/<int:pk>/", views.inspection_remove, name="reform-remove"),
    path("kien-nghi/<int:pk>/", views.recommendation_detail, name="reform-recommendation"),
    path("tong-hop/", views.year_summary, name="reform-summary"),
    path("chi-so/", views.assessment_list, name="reform-assessments"),
    path("chi-so/<int:pk>/", views.assessment_detail, name="reform-assessment"),
    path("chi-so/diem/<int:pk>/", views.score_save, name="reform-score"),
]
