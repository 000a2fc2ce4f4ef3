import { useState } from 'react';
import { Alert, Button, Card, Col, Modal, Progress, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import type { PartyImportResult } from '../../../contracts/party';
import { apiUrl } from '../../app/api';
import { useT, type MessageKey } from '../../app/i18n';
import { notifySuccess } from '../../app/notify';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useImportParties } from './queries';

const MAX_BYTES = 10 * 1024 * 1024;

/** API field names of import rows (idNumber, bankAccounts.0.accountNumber) → the template's column labels. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'party.name',
  idType: 'party.idType',
  idNumber: 'party.idNumber',
  sex: 'party.sex',
  birthDate: 'party.birthDate',
  nationality: 'party.nationality',
  mobile: 'party.mobile',
  email: 'party.email',
  address: 'party.addressDetail',
  addresses: 'party.addressDetail',
  occupationCode: 'party.occupationCode',
  occupationName: 'party.occupationName',
  occupationClass: 'party.occupationClass',
  bankName: 'party.bankName',
  accountName: 'party.accountName',
  accountNumber: 'party.accountNumber',
  remark: 'party.remark',
  uscc: 'party.uscc',
  orgType: 'party.orgType',
  industry: 'party.industry',
  legalRepresentative: 'party.legalRepresentative',
  contactName: 'party.contactName',
  contactPhone: 'party.contactPhone',
};
type ImportError = PartyImportResult['errors'][number];

function ReportLink({ reportId }: { reportId: string | null }) {
  const t = useT();
  if (!reportId) return null;
  return (
    <Button icon={<DownloadOutlined />} href={apiUrl(`/parties/import/reports/${reportId}`)} data-testid="import-report">
      {t('party.import.report')}
    </Button>
  );
}

/**
 * 客户导入: download the template, upload an .xlsx (with progress), read the dry run's row errors,
 * then 导入有效行 (acceptPartial) or 全部导入 after a confirmation; the error report downloads.
 */
export default function PartyImportPage() {
  const t = useT();
  const navigate = useNavigate();
  const [modal, modalContext] = Modal.useModal();
  const upload = useImportParties();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  const [dryRun, setDryRun] = useState<PartyImportResult | null>(null);
  const [committed, setCommitted] = useState<PartyImportResult | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setDryRun(null);
    setCommitted(null);
    setProgress(0);
    setFileProblem(null);
    upload.reset();
  };

  const check = (picked: File) => {
    setDryRun(null);
    setCommitted(null);
    setProgress(0);
    upload.mutate(
      { file: picked, dryRun: true, acceptPartial: false, onProgress: setProgress },
      { onSuccess: (result) => setDryRun(result) },
    );
  };

  const commit = (acceptPartial: boolean) => {
    if (!file || !dryRun) return;
    modal.confirm({
      title: acceptPartial ? t('party.import.confirmPartialTitle') : t('party.import.confirmAllTitle'),
      content: acceptPartial
        ? t('party.import.confirmPartial', { valid: dryRun.validRows, errors: dryRun.errorRows })
        : t('party.import.confirmAll', { valid: dryRun.validRows }),
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: () =>
        new Promise<void>((resolve) => {
          setProgress(0);
          upload.mutate(
            { file, dryRun: false, acceptPartial, onProgress: setProgress },
            {
              onSuccess: (result) => {
                setCommitted(result);
                notifySuccess(t('party.import.done', { created: result.created }));
              },
              onSettled: () => resolve(),
            },
          );
        }),
    });
  };

  const step = committed ? 2 : dryRun ? 1 : 0;
  const errorColumns = [
    { title: t('party.import.sheet'), dataIndex: 'sheet', key: 'sheet', width: 110, render: (v: string | undefined) => v ?? '—' },
    { title: t('party.import.row'), dataIndex: 'row', key: 'row', width: 80 },
    {
      title: t('party.import.field'),
      dataIndex: 'field',
      key: 'field',
      width: 140,
      render: (field: string, row: ImportError) => {
        const last = field.split('.').pop() ?? field;
        if (last === 'name' && row.sheet === '单位客户') return t('party.orgName');
        return FIELD_LABELS[last] ? t(FIELD_LABELS[last]) : field;
      },
    },
    { title: t('party.import.message'), dataIndex: 'message', key: 'message' },
  ];

  return (
    <Card
      title={t('party.import.title')}
      extra={
        <Space>
          <Button icon={<FileExcelOutlined />} href={apiUrl('/parties/import/template')} data-testid="import-template">
            {t('party.import.template')}
          </Button>
          <Button onClick={() => navigate('/parties')}>{t('party.backToList')}</Button>
        </Space>
      }
    >
      {modalContext}
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('party.import.step1') }, { title: t('party.import.step2') }, { title: t('party.import.step3') }]}
      />

      {committed ? (
        <Result
          status={committed.errorRows > 0 ? 'warning' : 'success'}
          title={t('party.import.done', { created: committed.created })}
          subTitle={committed.errorRows > 0 ? t('party.import.doneSkipped', { errors: committed.errorRows }) : undefined}
          data-testid="import-done"
          extra={
            <Space>
              <Button type="primary" onClick={() => navigate('/parties')}>
                {t('party.import.toList')}
              </Button>
              <Button onClick={reset}>{t('party.import.again')}</Button>
              <ReportLink reportId={committed.reportId} />
            </Space>
          }
        />
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('party.import.hint')} />
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(picked) => {
              if (!picked.name.toLowerCase().endsWith('.xlsx')) {
                setFileProblem(t('party.import.notXlsx'));
                return Upload.LIST_IGNORE;
              }
              if (picked.size > MAX_BYTES) {
                setFileProblem(t('party.import.tooLarge'));
                return Upload.LIST_IGNORE;
              }
              setFileProblem(null);
              setFile(picked);
              check(picked);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('party.import.drop')}</p>
            <p className="ant-upload-hint">{file ? t('party.import.picked', { name: file.name }) : t('party.import.dropHint')}</p>
          </Upload.Dragger>
          {fileProblem && <Alert type="error" showIcon style={{ marginTop: 16 }} title={fileProblem} />}
          {upload.isPending && (
            <div style={{ marginTop: 16 }} data-testid="import-progress">
              <Typography.Text type="secondary">{progress < 100 ? t('party.import.uploading') : t('party.import.checking')}</Typography.Text>
              <Progress percent={progress} status="active" />
            </div>
          )}
          {upload.error && (
            <div style={{ marginTop: 16 }}>
              <ErrorAlert error={upload.error} />
            </div>
          )}

          {dryRun && !upload.isPending && (
            <div style={{ marginTop: 24 }} data-testid="import-result">
              <Row gutter={16} style={{ marginBottom: 16 }}>
                <Col span={6}>
                  <Statistic title={t('party.import.total')} value={dryRun.totalRows} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('party.import.valid')} value={dryRun.validRows} styles={{ content: { color: '#389e0d' } }} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('party.import.errors')} value={dryRun.errorRows} styles={{ content: { color: dryRun.errorRows ? '#cf1322' : undefined } }} />
                </Col>
              </Row>
              {dryRun.errorRows > 0 ? (
                <>
                  <Alert
                    type="warning"
                    showIcon
                    style={{ marginBottom: 16 }}
                    title={t('party.import.hasErrors', { errors: dryRun.errorRows })}
                    description={dryRun.errors.length < dryRun.errorRows ? t('party.import.firstErrors', { shown: dryRun.errors.length }) : undefined}
                  />
                  <Table<ImportError>
                    size="small"
                    rowKey={(row) => `${row.sheet ?? ''}:${row.row}:${row.field}:${row.code}`}
                    dataSource={dryRun.errors}
                    columns={errorColumns}
                    pagination={dryRun.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                    data-testid="import-errors"
                  />
                </>
              ) : (
                <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('party.import.allValid', { valid: dryRun.validRows })} />
              )}
              <Space style={{ marginTop: 16 }} wrap>
                {dryRun.errorRows === 0 ? (
                  <Button type="primary" disabled={dryRun.validRows === 0} onClick={() => commit(false)}>
                    {t('party.import.importAll')}
                  </Button>
                ) : (
                  <Button type="primary" disabled={dryRun.validRows === 0} onClick={() => commit(true)}>
                    {t('party.import.importValid', { valid: dryRun.validRows })}
                  </Button>
                )}
                <ReportLink reportId={dryRun.reportId} />
                <Button onClick={reset}>{t('party.import.again')}</Button>
              </Space>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
